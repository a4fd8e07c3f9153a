import { specifiedScalarTypes } from 'graphql';
import { PLEXUS_TYPE_NAMES } from '../../reserved-names.js';
import { SHARED_SCALAR_NAMES } from '../../scalars/index.js';

/**
 * Turning OpenAPI names (component keys, property names, operationIds, enum values) into GraphQL
 * names. A name that is already valid is kept as written wherever GraphQL allows it, so the schema
 * stays recognisable next to the document.
 */

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Type names a source must never define: GraphQL's built-in scalars and root types, the shared
 * scalars (all of them, so that no component stands in the way of another source's scalar), and
 * the types Plexus adds to the gateway schema (plus `Node`, kept free for a gateway-wide
 * interface). A component schema with such a name gets a numeric suffix.
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...specifiedScalarTypes.map((type) => type.name),
  'Query',
  'Mutation',
  'Subscription',
  ...SHARED_SCALAR_NAMES,
  'Node',
  ...PLEXUS_TYPE_NAMES,
]);

export function isGraphQLName(name: string): boolean {
  return GRAPHQL_NAME.test(name) && !name.startsWith('__');
}

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function startValid(name: string, fallback: string): string {
  if (name === '') return fallback;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `pet_store.Pet` → `PetStorePet`, `simple-user` → `SimpleUser`, `2fa` → `_2fa`. */
export function typeName(text: string): string {
  return startValid(words(text).map(upperFirst).join(''), 'Type');
}

/** `listPets`, `list_pets`, `ListPets` and `pets/list` → `listPets` / `petsList`: for root fields. */
export function camelName(text: string): string {
  const [first = '', ...rest] = words(text);
  const head = first === first.toUpperCase() ? first.toLowerCase() : first.charAt(0).toLowerCase() + first.slice(1);
  return startValid(head + rest.map(upperFirst).join(''), 'field');
}

/** A property or parameter name: kept when valid (`company_id`), camelCased otherwise (`X-Request-ID` → `xRequestID`). */
export function fieldName(text: string): string {
  if (isGraphQLName(text)) return text;
  if (GRAPHQL_NAME.test(text)) return text.replace(/^_+/, '_');
  return camelName(text);
}

const ENUM_FORBIDDEN = new Set(['true', 'false', 'null']);

/** `in-progress` → `in_progress`, `1` → `_1`, `` → `EMPTY`, `true` → `_true`. Case is kept. */
export function enumValueName(value: string): string {
  const replaced = value.replace(/[^_0-9A-Za-z]+/g, '_');
  const name = startValid(replaced.replace(/^__+/, '_'), 'EMPTY');
  return ENUM_FORBIDDEN.has(name) ? `_${name}` : name;
}

/** Hands out names that are unique within one scope, adding 2, 3, ... to a name already taken. */
export class UniqueNames {
  private readonly taken: Set<string>;

  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }

  claim(name: string): string {
    let candidate = name;
    for (let suffix = 2; this.taken.has(candidate); suffix++) candidate = `${name}${suffix}`;
    this.taken.add(candidate);
    return candidate;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}

/** Escapes one segment of a JSON pointer (`/pets/{id}` → `~1pets~1{id}`). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `['paths', '/pets', 'get']` → `#/paths/~1pets/get`. */
export function jsonPointer(segments: readonly string[]): string {
  return `#/${segments.map(pointerSegment).join('/')}`;
}
