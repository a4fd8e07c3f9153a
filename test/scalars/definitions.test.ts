import { describe, expect, it } from 'vitest';
import { parseValue as parseLiteralText, type GraphQLScalarType } from 'graphql';
import { GraphQLError } from 'graphql';
import {
  BytesScalar,
  DateTimeScalar,
  DurationScalar,
  FieldMaskScalar,
  Int64Scalar,
  JSONScalar,
  SafeIntScalar,
  SHARED_SCALARS,
  UInt32Scalar,
  UInt64Scalar,
} from '../../src/scalars/index.js';

/** What a scalar makes of a value, or the code of the error it throws. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error instanceof GraphQLError ? `refused (${String(error.extensions['code'])})` : `threw ${String(error)}`;
  }
}

const fromVariable = (scalar: GraphQLScalarType, value: unknown) => outcome(() => scalar.parseValue(value));
const fromLiteral = (scalar: GraphQLScalarType, text: string) => outcome(() => scalar.parseLiteral(parseLiteralText(text), undefined));
const fromService = (scalar: GraphQLScalarType, value: unknown) => outcome(() => scalar.serialize(value));
const REFUSED = 'refused (BAD_USER_INPUT)';

describe('the shared scalars', () => {
  it('are one list with distinct names, each with a description and the specification it follows', () => {
    expect(new Set(SHARED_SCALARS.map((scalar) => scalar.name)).size).toBe(SHARED_SCALARS.length);
    for (const scalar of SHARED_SCALARS) {
      expect(scalar.description).toMatch(/\.$/);
      expect(scalar.specifiedByURL).toMatch(/^https:\/\//);
    }
  });

  it.each([
    [Int64Scalar, '9223372036854775807', '9223372036854775807'],
    [Int64Scalar, 42, '42'],
    [Int64Scalar, '-007', '-7'],
    [Int64Scalar, '9223372036854775808', REFUSED],
    [Int64Scalar, 2 ** 53, REFUSED],
    [Int64Scalar, 1.5, REFUSED],
    [Int64Scalar, 'abc', REFUSED],
    [Int64Scalar, { x: 1 }, REFUSED],
    [Int64Scalar, [1, 2], REFUSED],
    [UInt64Scalar, '18446744073709551615', '18446744073709551615'],
    [UInt64Scalar, '-1', REFUSED],
    [UInt64Scalar, '-5', REFUSED],
    [UInt64Scalar, '123456789012345', '123456789012345'],
    [Int64Scalar, '-0', '0'],
    [Int64Scalar, '0', '0'],
    [Int64Scalar, '-123456789012345', '-123456789012345'],
    [Int64Scalar, '0012', '12'],
    [UInt32Scalar, 4294967295, 4294967295],
    [UInt32Scalar, 4294967296, REFUSED],
    [UInt32Scalar, '1', REFUSED],
    [SafeIntScalar, 8589934592, 8589934592],
    [SafeIntScalar, -(2 ** 53 - 1), -(2 ** 53 - 1)],
    [SafeIntScalar, 2 ** 53, REFUSED],
    [SafeIntScalar, 1.5, REFUSED],
    [SafeIntScalar, '42', REFUSED],
    [DateTimeScalar, '2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z'],
    [DateTimeScalar, '2024-05-01 12:00:00.123456789z', '2024-05-01T12:00:00.123456789Z'],
    [DateTimeScalar, '2024-02-29T23:59:59+14:00', '2024-02-29T23:59:59+14:00'],
    [DateTimeScalar, '2023-02-29T00:00:00Z', REFUSED],
    [DateTimeScalar, '2024-05-01T12:00Z', REFUSED],
    [DateTimeScalar, '2024-05-01T12:00:00', REFUSED],
    [DateTimeScalar, '2024-05-01T24:00:00Z', REFUSED],
    [DateTimeScalar, '2016-12-31T23:59:60Z', REFUSED],
    [DateTimeScalar, 'yesterday', REFUSED],
    [DurationScalar, '-1.5s', '-1.5s'],
    [DurationScalar, '1.0000000001s', REFUSED],
    [DurationScalar, '5 minutes', REFUSED],
    [BytesScalar, 'aGk_-w', 'aGk/+w'],
    [BytesScalar, 'aGk=', 'aGk='],
    [BytesScalar, 'aGk', 'aGk'],
    [BytesScalar, 'a', REFUSED],
    [BytesScalar, 'aG=', REFUSED],
    [BytesScalar, 'not base64!', REFUSED],
    [FieldMaskScalar, 'name,address.city', 'name,address.city'],
    [FieldMaskScalar, '', ''],
    [FieldMaskScalar, 'a,,b', REFUSED],
    [FieldMaskScalar, 'a b', REFUSED],
    [JSONScalar, { any: ['json', 1, null] }, { any: ['json', 1, null] }],
  ])('%s from a variable: %j gives %j', (scalar, value, expected) => {
    expect(fromVariable(scalar, value)).toEqual(expected);
  });

  it.each([
    [Int64Scalar, '9223372036854775807', '9223372036854775807'],
    [Int64Scalar, '"-42"', '-42'],
    [Int64Scalar, '"abc"', REFUSED],
    [Int64Scalar, '1.5', REFUSED],
    [UInt32Scalar, '7', 7],
    [UInt32Scalar, '"7"', REFUSED],
    [SafeIntScalar, '9007199254740991', 9007199254740991],
    [SafeIntScalar, '9007199254740993', REFUSED],
    [SafeIntScalar, '"7"', REFUSED],
    [DateTimeScalar, '"2024-05-01T12:00:00Z"', '2024-05-01T12:00:00Z'],
    [DateTimeScalar, '1714564800', REFUSED],
    [DurationScalar, 'ONE_SECOND', REFUSED],
    [FieldMaskScalar, '["name"]', REFUSED],
    [JSONScalar, '{ a: [1, "b", true, null] }', { a: [1, 'b', true, null] }],
    [JSONScalar, 'red', REFUSED],
    [JSONScalar, '{ a: [1, red] }', REFUSED],
  ])('%s from the literal %s gives %j', (scalar, text, expected) => {
    expect(fromLiteral(scalar, text)).toEqual(expected);
  });

  it('refuses a literal with its location, so the error points at it in the query', () => {
    const literal = parseLiteralText('"abc"');
    const error = outcome(() => {
      try {
        DurationScalar.parseLiteral(literal, undefined);
      } catch (caught) {
        return caught;
      }
    }) as GraphQLError;
    expect(error.nodes).toEqual([literal]);
    expect(error.message).toBe('Duration cannot represent "abc": expected seconds with an "s" suffix, such as "1.5s"');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 400, spec: false } });
  });

  it.each([
    [Int64Scalar, 9007199254740993n, '9007199254740993'],
    [Int64Scalar, 'abc', 'refused (UPSTREAM_ERROR)'],
    [SafeIntScalar, 8589934592, 8589934592],
    [SafeIntScalar, 9007199254740993n, 'refused (UPSTREAM_ERROR)'],
    [SafeIntScalar, '8589934592', 'refused (UPSTREAM_ERROR)'],
    [DateTimeScalar, '2024-05-01 12:00', '2024-05-01 12:00'],
    [DateTimeScalar, new Date(Date.UTC(2024, 4, 1)), '2024-05-01T00:00:00.000Z'],
    [DateTimeScalar, 'soon', 'refused (UPSTREAM_ERROR)'],
    [JSONScalar, { large: [9007199254740993n] }, { large: ['9007199254740993'] }],
  ])('%s written from a service value (case %#)', (scalar, value, expected) => {
    expect(fromService(scalar, value)).toEqual(expected);
  });

  it('accept their own written form back, as stitching hands it over', () => {
    const written: Array<[GraphQLScalarType, unknown]> = [
      [Int64Scalar, '-9223372036854775808'],
      [UInt64Scalar, '0'],
      [UInt32Scalar, 0],
      [SafeIntScalar, -1],
      [DateTimeScalar, '2024-05-01T12:00:00.5+02:00'],
      [DurationScalar, '0s'],
      [BytesScalar, 'aGk/+w=='],
      [FieldMaskScalar, 'a.b'],
    ];
    for (const [scalar, value] of written) expect(scalar.parseValue(scalar.serialize(value))).toEqual(value);
  });
});
