import { isDeepStrictEqual } from 'node:util';
import { getNamedType, isEnumType, isListType, isNonNullType, type GraphQLEnumType, type GraphQLOutputType, type GraphQLScalarType } from 'graphql';
import { isLosslessNumber, parse as parseLossless, type LosslessNumber } from 'lossless-json';
import type { SelectedField, Selection } from './openapi-selection.js';

/** A difference between the gateway's data and the mock's answer, at a path of the GraphQL answer. */
export interface Difference {
  path: string;
  /** The field's GraphQL type. */
  type: string;
  /** What the mock's answer says the gateway should have answered. */
  expected: unknown;
  actual: unknown;
}

/** A value the mock sent that its GraphQL type cannot hold: the document's own data, written wrong. */
const NOT_REPRESENTABLE = Symbol('not representable');

const TEXT_MEDIA_TYPE = /^text\/|[/+]xml\b/i;
const JSON_MEDIA_TYPE = /[/+]json\b|^\*\/\*/i;

/**
 * The root field's value the gateway should give for the mock's answer (which has content): JSON
 * read without losing digits; text as it is; other media types as base64; `true` for a Boolean
 * field without JSON.
 */
export function expectedRoot(type: GraphQLOutputType, contentType: string, body: Buffer): unknown {
  const named = getNamedType(type);
  if (named.name === 'Boolean' && !JSON_MEDIA_TYPE.test(contentType)) return true;
  if (!JSON_MEDIA_TYPE.test(contentType) && named.name === 'String') return TEXT_MEDIA_TYPE.test(contentType) ? body.toString('utf8') : body.toString('base64');
  try {
    return parseLossless(body.toString('utf8'));
  } catch {
    // Not JSON: whatever the gateway made of it differs.
    return body.toString('utf8');
  }
}

/**
 * Compares the gateway's value of a field with the value the mock answered, both ways, for the
 * selected fields only: each selected field the mock answered must be in the gateway's data with the
 * same value (properties under their wire names, enums by GraphQL name, 64-bit integers as decimal
 * text, date-times as written), and each value the gateway gave must come from the mock's answer.
 */
export function compareValue(type: GraphQLOutputType, selection: Selection, actual: unknown, expected: unknown, path: string, differences: Difference[]): void {
  const differ = (want: unknown): void => {
    differences.push({ path, type: String(type), expected: plain(want), actual });
  };
  if (expected === undefined || expected === null) {
    if (actual !== null && actual !== undefined) differ(null);
    return;
  }
  if (isNonNullType(type)) return compareValue(type.ofType, selection, actual, expected, path, differences);
  if (isListType(type)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return differ(expected);
    expected.forEach((item, index) => compareValue(type.ofType, selection, actual[index], item, `${path}.${index}`, differences));
    return;
  }
  if (selection.kind === 'leaf') {
    const want = leafValue(getNamedType(type) as GraphQLScalarType | GraphQLEnumType, expected);
    if (want === NOT_REPRESENTABLE || !isDeepStrictEqual(want, actual)) differ(expected);
    return;
  }
  if (typeof expected !== 'object' || Array.isArray(expected) || isLosslessNumber(expected)) return differ(expected);
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return differ(expected);
  const record = actual as Record<string, unknown>;
  const fields = selection.kind === 'object' ? selection.fields : selection.members.get(String(record['__typename']));
  if (!fields) return differ(expected);
  compareFields(fields, record, expected as Record<string, unknown>, path, differences);
}

function compareFields(
  fields: SelectedField[],
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
  path: string,
  differences: Difference[],
): void {
  for (const field of fields) {
    const wire = Object.hasOwn(expected, field.wireName) ? expected[field.wireName] : undefined;
    compareValue(field.type, field.selection, actual[field.alias], wire, `${path}.${field.alias}`, differences);
  }
}

/** A leaf the mock answered, as the gateway writes it. */
function leafValue(type: GraphQLScalarType | GraphQLEnumType, value: unknown): unknown {
  if (isEnumType(type)) return type.getValues().find((candidate) => candidate.value === value)?.name ?? NOT_REPRESENTABLE;
  switch (type.name) {
    case 'Int':
    case 'SafeInt':
    case 'UInt32':
    case 'Float':
      return isLosslessNumber(value) ? Number(value.value) : NOT_REPRESENTABLE;
    case 'Int64':
    case 'UInt64':
      return isLosslessNumber(value) && /^-?\d+$/.test(value.value) ? BigInt(value.value).toString() : NOT_REPRESENTABLE;
    case 'Boolean':
      return typeof value === 'boolean' ? value : NOT_REPRESENTABLE;
    case 'JSON':
      return plain(value);
    default:
      // String, ID, DateTime and the other text scalars: passed through as written.
      return typeof value === 'string' ? value : NOT_REPRESENTABLE;
  }
}

/** The mock's value with its numbers as JavaScript numbers, for messages and for `JSON` fields. */
function plain(value: unknown): unknown {
  if (isLosslessNumber(value)) return Number((value as LosslessNumber).value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}
