import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

function invalid(scalar: string, value: unknown, expected: string): GraphQLError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new GraphQLError(`${scalar} cannot represent ${shown.slice(0, 80)}: expected ${expected}`);
}

/** A scalar whose serialized form is a string; serialize runs twice when stitched, so it must accept its own output. */
function stringScalar(name: string, description: string, expected: string, check: (value: string) => string | undefined): GraphQLScalarType<string, string> {
  const coerce = (value: unknown): string => {
    const result = typeof value === 'string' ? check(value) : undefined;
    if (result === undefined) throw invalid(name, value, expected);
    return result;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: coerce,
    parseValue: coerce,
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.STRING) throw invalid(name, 'a non-string literal', expected);
      return coerce(ast.value);
    },
  });
}

function integerScalar(name: string, min: bigint, max: bigint): GraphQLScalarType<string, string> {
  const expected = `an integer from ${min} to ${max}, as a string or a safe integer`;
  const coerce = (value: unknown): string => {
    const integer =
      typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d{1,20}$/.test(value))
        ? BigInt(value)
        : undefined;
    if (integer === undefined || integer < min || integer > max) throw invalid(name, value, expected);
    return integer.toString();
  };
  return new GraphQLScalarType<string, string>({
    name,
    description: `A ${max > 2n ** 63n ? 'non-negative ' : ''}64-bit integer. Sent as a decimal string so that no digit is lost; accepted as a string or an Int.`,
    serialize: coerce,
    parseValue: coerce,
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) throw invalid(name, 'a literal of another kind', expected);
      return coerce(ast.value);
    },
  });
}

export const Int64Scalar = integerScalar('Int64', -(2n ** 63n), 2n ** 63n - 1n);
export const UInt64Scalar = integerScalar('UInt64', 0n, 2n ** 64n - 1n);

const UINT32_MAX = 4_294_967_295;
const uint32 = (value: unknown): number => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX) return value;
  throw invalid('UInt32', value, `an integer from 0 to ${UINT32_MAX}`);
};

/** protobuf's uint32 and fixed32 go beyond GraphQL's Int, which stops at 2^31 - 1. */
export const UInt32Scalar = new GraphQLScalarType<number, number>({
  name: 'UInt32',
  description: 'A non-negative 32-bit integer (0 to 4294967295), sent as a JSON number.',
  serialize: uint32,
  parseValue: uint32,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.INT) throw invalid('UInt32', 'a non-integer literal', 'an integer');
    return uint32(Number(ast.value));
  },
});

export const BytesScalar = stringScalar('Bytes', 'Binary data as a base64 string (standard or URL-safe alphabet).', 'a base64 string', (value) =>
  /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? value.replace(/-/g, '+').replace(/_/g, '/') : undefined,
);

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export const DateTimeScalar = stringScalar(
  'DateTime',
  'A point in time as an RFC 3339 string, e.g. 2024-05-01T12:00:00Z; google.protobuf.Timestamp.',
  'an RFC 3339 date-time such as 2024-05-01T12:00:00Z',
  (value) => (RFC3339.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1'))) ? value : undefined),
);

export const DurationScalar = stringScalar(
  'Duration',
  'A span of time in seconds with an "s" suffix, e.g. "1.5s" or "-3s"; google.protobuf.Duration.',
  'seconds with an "s" suffix, such as "1.5s"',
  (value) => (/^-?\d{1,12}(\.\d{1,9})?s$/.test(value) ? value : undefined),
);

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value; google.protobuf.Struct, Value, ListValue and Any, and maps when a source sets `maps: json`.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** Every scalar a gRPC source may use, by name: no message or enum may take these names. */
export const GRPC_SCALARS = [Int64Scalar, UInt64Scalar, UInt32Scalar, BytesScalar, DateTimeScalar, DurationScalar, JSONScalar];
