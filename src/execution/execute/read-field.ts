import type { CompositeShape, FieldShape, KeySource, RepresentationShape } from '../plan/query-plan.js';
import type { KeyedOutput, RequestRun } from './request-run.js';

// Reading a field and building a federation representation call each other: a representation is
// made of fields read from the parent, and an entity field is read by its parent's representation.

type Parent = Record<string, unknown>;

/** The raw value of a field, from its parent object or from the fetch that answered it. */
export function readField(run: RequestRun, shape: FieldShape, parent: Record<string, unknown> | undefined, typeName: string): unknown {
  const reader = shape.reader;
  switch (reader.kind) {
    case 'prop':
      return parent![reader.key];
    case 'typename':
      return typeName;
    case 'root': {
      const output = run.outputs[reader.fetch];
      if (reader.key === undefined || output instanceof Error) return output;
      return (output as Record<string, unknown>)[reader.key];
    }
    case 'link': {
      const key = parent![reader.keyProp];
      if (key === null || key === undefined) return reader.many ? [] : null;
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : (output as KeyedOutput).byKey.get(String(key));
    }
    case 'entity': {
      const key = reader.representation ? representationOf(run, reader.representation, parent!) : parent![reader.keyProp];
      if (key === null || key === undefined) return null;
      if (key instanceof Error) return key;
      const output = run.outputs[reader.fetch];
      if (output instanceof Error) return output;
      const item = (output as KeyedOutput).byKey.get(keyId(key));
      return item === null || item === undefined || item instanceof Error ? (item ?? null) : (item as Record<string, unknown>)[reader.itemKey];
    }
    case 'computed': {
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : ((output as Map<object, unknown>).get(parent!) ?? null);
    }
    case 'rootKeyed': {
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : (output as KeyedOutput).byResponseKey.get(reader.responseKey);
    }
  }
}

/**
 * The representation a parent gives a federation subgraph: `__typename` and the key and required
 * fields, as the sources answered them. Undefined when the parent has no key; the error when a
 * field it needs failed.
 */
export function representationOf(run: RequestRun, shape: RepresentationShape, parent: Parent): Parent | Error | undefined {
  const representation: Parent = { __typename: shape.typeName };
  for (const [index, field] of shape.fields.entries()) {
    const value = plain(run, field, readField(run, field, parent, shape.typeName));
    if (value instanceof Error) return value;
    if (index < shape.keyCount && (value === null || value === undefined)) return undefined;
    representation[field.fieldName] = value ?? null;
  }
  return representation;
}

/** The key a parent gives a keyed fetch: a property, or a representation. */
export function parentKey(run: RequestRun, source: Extract<KeySource, { kind: 'parents' }>, parent: Parent): unknown {
  return source.representation ? representationOf(run, source.representation, parent) : parent[source.keyProp];
}

/** How keyed fetches tell keys apart: scalars by their text, representations by their JSON (fields in plan order). */
export function keyId(key: unknown): string {
  return key !== null && typeof key === 'object' ? JSON.stringify(key) : String(key);
}

/** A value below a representation field, as plain JSON under the fields' own names. */
function plain(run: RequestRun, shape: FieldShape, raw: unknown): unknown {
  if (raw instanceof Error || raw === null || raw === undefined || !shape.sub) return raw;
  if (Array.isArray(raw)) {
    const items = raw.map((item) => plain(run, shape, item));
    return items.find((item) => item instanceof Error) ?? items;
  }
  return plainObject(run, shape.sub, raw as Parent);
}

function plainObject(run: RequestRun, sub: CompositeShape, object: Parent): unknown {
  const typeName = sub.byType.size === 1 ? [...sub.byType.keys()][0]! : (object[sub.typenameKey] as string);
  const out: Parent = {};
  for (const field of sub.byType.get(typeName) ?? []) {
    const value = plain(run, field, readField(run, field, object, typeName));
    if (value instanceof Error) return value;
    out[field.fieldName] = value ?? null;
  }
  return out;
}
