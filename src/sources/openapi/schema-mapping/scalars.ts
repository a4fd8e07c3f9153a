import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';

/**
 * Replaces bigints (integers beyond 2^53 read from a response) with their decimal text, which JSON
 * can carry. Copies only the containers on the way to a bigint; anything else is returned as is.
 */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const safe = jsonSafe(item);
      if (safe !== item) (copy ??= value.slice())[index] = safe;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const safe = jsonSafe(item);
    if (safe !== item) (copy ??= { ...value })[key] = safe;
  }
  return copy ?? value;
}

/** Any JSON value: free-form objects, `additionalProperties` maps, mixed `oneOf`s of scalars. */
export const JSONScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'Any JSON value: a free-form object, a map, or a value of several possible types.',
  serialize: jsonSafe,
});

const INTEGER = /^-?\d+$/;

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  throw new GraphQLError(`BigInt cannot represent ${JSON.stringify(String(value))}: expected a whole number`);
}

/**
 * A 64-bit integer (OpenAPI `format: int64`). Written as a decimal string so that no value loses
 * precision in a JSON client; accepted as an integer or a decimal string. Sent to the service as a
 * JSON number.
 */
export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: 'BigInt',
  description: 'A 64-bit integer, written as a decimal string so that no digit is lost.',
  serialize: (value) => toBigInt(value).toString(),
  parseValue: toBigInt,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return toBigInt(ast.value);
    throw new GraphQLError('BigInt expects an integer or a decimal string', { nodes: ast });
  },
});

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

function toDateTime(value: unknown): string {
  if (typeof value === 'string' && DATE_TIME.test(value)) return value;
  throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}: expected an RFC 3339 date-time such as 2024-01-31T12:00:00Z`);
}

/**
 * An RFC 3339 date-time (OpenAPI `format: date-time`). The service's text is passed through as it
 * is, without a round trip through Date that would change its offset or precision.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'A date-time as RFC 3339 text, e.g. 2024-01-31T12:00:00Z.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: toDateTime,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return toDateTime(ast.value);
    throw new GraphQLError('DateTime expects a string', { nodes: ast });
  },
});
