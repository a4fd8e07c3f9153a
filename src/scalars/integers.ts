import { Kind, type ValueNode } from 'graphql';
import { defineScalar } from './define.js';
import { SPECIFIED_BY } from './specs.js';

// graphql-scalars' BigInt and Long answer JavaScript numbers or bigints, which JSON clients cannot
// read without losing digits, and know no 64-bit bounds: these are written here instead.

const DECIMAL = /^-?\d{1,20}$/;
// Canonical text of at most 15 digits is inside every 64-bit range: the common case needs no BigInt.
const SHORT_CANONICAL = /^(?:0|-?[1-9]\d{0,14})$/;

/** An integer from a bigint, a safe JavaScript number or decimal text; undefined for anything else. */
function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string') return DECIMAL.test(value) ? BigInt(value) : undefined;
  return undefined;
}

/** An integer literal (`42`) or decimal text (`"42"`); both keep every digit. */
const integerOrText = (node: ValueNode): unknown => (node.kind === Kind.INT || node.kind === Kind.STRING ? node.value : undefined);

function decimalScalar(name: string, description: string, min: bigint, max: bigint) {
  return defineScalar<string>({
    name,
    description,
    specifiedByURL: SPECIFIED_BY.protobufJson,
    expected: `an integer from ${min} to ${max}, as a string or an Int`,
    literal: integerOrText,
    parse(value) {
      if (typeof value === 'string' && SHORT_CANONICAL.test(value) && (min < 0n || value.charCodeAt(0) !== 45)) return value;
      const integer = integerOf(value);
      return integer !== undefined && integer >= min && integer <= max ? integer.toString() : undefined;
    },
  });
}

/** A signed 64-bit integer: OpenAPI `format: int64`, protobuf `int64`, `sint64`, `sfixed64`. */
export const Int64Scalar = decimalScalar(
  'Int64',
  'A 64-bit integer. Sent as a decimal string so that no digit is lost; accepted as a string or an Int.',
  -(2n ** 63n),
  2n ** 63n - 1n,
);

/** An unsigned 64-bit integer: OpenAPI `format: uint64`, protobuf `uint64`, `fixed64`. */
export const UInt64Scalar = decimalScalar(
  'UInt64',
  'A non-negative 64-bit integer. Sent as a decimal string so that no digit is lost; accepted as a string or an Int.',
  0n,
  2n ** 64n - 1n,
);

/** An integer literal as a JavaScript number; one too long for a double is refused by the range check that follows. */
const numberLiteral = (node: ValueNode): unknown => (node.kind === Kind.INT ? Number(node.value) : undefined);

const UINT32_MAX = 4_294_967_295;

/** An unsigned 32-bit integer: beyond GraphQL's Int, which stops at 2^31 - 1, yet exact as a JSON number. */
export const UInt32Scalar = defineScalar<number>({
  name: 'UInt32',
  description: 'A non-negative 32-bit integer (0 to 4294967295), sent as a JSON number.',
  specifiedByURL: SPECIFIED_BY.protobufJson,
  expected: `an integer from 0 to ${UINT32_MAX}`,
  literal: numberLiteral,
  parse: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX ? value : undefined),
});

/**
 * Every integer a JSON number carries exactly (a double holds each integer up to 2^53 - 1): OpenAPI
 * `type: integer` without a format, which promises no width. Clients read and send plain numbers,
 * as with Int; a service's value past the range is refused rather than rounded.
 */
export const SafeIntScalar = defineScalar<number>({
  name: 'SafeInt',
  description: `An integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} (every integer a JSON number carries exactly), sent as a JSON number.`,
  specifiedByURL: SPECIFIED_BY.safeInteger,
  expected: `an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
  literal: numberLiteral,
  parse: (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined),
});
