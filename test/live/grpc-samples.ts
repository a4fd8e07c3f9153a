import type protobuf from 'protobufjs';

/**
 * A generated value in the three forms the live test needs: what protobufjs's `fromObject` takes
 * (for the server's answers), what the gateway must answer, and what a client sends as an argument.
 */
export interface Sample {
  proto: unknown;
  output: unknown;
  input: unknown;
}

const same = (proto: unknown, graphql: unknown = proto): Sample => ({ proto, output: graphql, input: graphql });

// Edge values first: the largest and smallest of each range, a negative for the signed and zigzag
// encodings, text beyond ASCII and the Basic Multilingual Plane, bytes that need `+` and `/`.
// Floats are ones that 32 bits hold exactly, so that what is sent is what comes back.
const SCALARS: Record<string, readonly unknown[]> = {
  double: [-1.7976931348623157e308, 5e-324, 0.1, -2.5],
  float: [3.4028234663852886e38, -1.5, 1.401298464324817e-45, 0.25],
  int32: [-2147483648, 2147483647, -1],
  sint32: [-2147483648, 2147483647, -7],
  sfixed32: [2147483647, -2147483648, -3],
  uint32: [4294967295, 2147483648, 1],
  fixed32: [4294967295, 2147483649, 3],
  int64: ['9223372036854775807', '-9223372036854775808', '-1', '9007199254740993'],
  sint64: ['-9223372036854775808', '9223372036854775807', '-2'],
  sfixed64: ['-9223372036854775807', '9223372036854775806', '-3'],
  uint64: ['18446744073709551615', '9223372036854775808', '1'],
  fixed64: ['18446744073709551615', '9007199254740993', '3'],
  bool: [true, false],
  string: ['héllo wörld ✓', '日本語 𝄞 🚀', 'quote " backslash \\ tab \t newline \n'],
  bytes: ['AAH7//6A', '/+7dzLuqmYh3ZlVEMyIRAA==', '8J+agA=='],
};

/** A value of a protobuf scalar type, picked by `seed`. */
export function scalarSample(type: string, seed: number): Sample {
  const pool = SCALARS[type];
  if (!pool) throw new Error(`no samples for scalar type ${type}`);
  return same(pool[seed % pool.length]);
}

// Two keys of each key type, the edges of its range; `false` and 0 are keys like any other.
const KEYS: Record<string, readonly (string | number | boolean)[]> = {
  int32: [-2147483648, 2147483647],
  sint32: [-1, 2147483647],
  sfixed32: [-2147483648, 7],
  uint32: [4294967295, 0],
  fixed32: [4294967295, 1],
  int64: ['9223372036854775807', '-9223372036854775808'],
  sint64: ['-9223372036854775808', '1'],
  sfixed64: ['-1', '9223372036854775807'],
  uint64: ['18446744073709551615', '0'],
  fixed64: ['18446744073709551615', '9007199254740993'],
  bool: [true, false],
  string: ['ключ', ''],
};

export interface KeySample {
  /** The property name protobufjs encodes to this key (its writer reads a bool key by truthiness, so false is ""). */
  proto: string;
  /** The key of a `{ key, value }` entry. */
  entry: string | number | boolean;
  /** The property name of a `maps: json` object. */
  json: string;
}

export function mapKeySamples(keyType: string): KeySample[] {
  const keys = KEYS[keyType];
  if (!keys) throw new Error(`no samples for map key type ${keyType}`);
  return keys.map((key) => ({ proto: key === false ? '' : String(key), entry: key, json: String(key) }));
}

/** Field names of well-known types differ with where protobufjs read them from: they are found by number. */
export function nameOf(type: protobuf.Type, id: number): string {
  const field = type.fieldsById[id];
  if (!field) throw new Error(`${type.fullName} has no field ${id}`);
  return field.name;
}

const TIMESTAMPS: readonly [seconds: string, nanos: number, text: string][] = [
  ['1714564800', 123456789, '2024-05-01T12:00:00.123456789Z'],
  ['-62135596800', 0, '0001-01-01T00:00:00Z'],
  ['253402300799', 999000000, '9999-12-31T23:59:59.999Z'],
];

const DURATIONS: readonly [seconds: string, nanos: number, text: string][] = [
  ['3', 500000000, '3.500s'],
  ['-1', -5, '-1.000000005s'],
  ['315576000000', 999999, '315576000000.000999999s'],
];

const WRAPPED: Record<string, string> = {
  DoubleValue: 'double',
  FloatValue: 'float',
  Int64Value: 'int64',
  UInt64Value: 'uint64',
  Int32Value: 'int32',
  UInt32Value: 'uint32',
  BoolValue: 'bool',
  StringValue: 'string',
  BytesValue: 'bytes',
};

/** The google.protobuf messages GraphQL sees as scalars (docs/grpc.md, *Well-known types*). */
export const WELL_KNOWN = new Set(
  ['Timestamp', 'Duration', 'Empty', 'FieldMask', 'Struct', 'Value', 'ListValue', 'Any', ...Object.keys(WRAPPED)].map((name) => `.google.protobuf.${name}`),
);

/** A JSON value and its google.protobuf.Value form: every kind of Value, nested. */
function jsonSample(valueType: protobuf.Type, seed: number): { proto: object; json: unknown } {
  const struct = valueType.parent!.lookupType('Struct');
  const list = valueType.parent!.lookupType('ListValue');
  const of = (id: number, proto: unknown) => ({ [nameOf(valueType, id)]: proto });
  const kinds = [
    { proto: of(2, -2.5 * (seed + 1)), json: -2.5 * (seed + 1) },
    { proto: of(3, `ß ${seed}`), json: `ß ${seed}` },
    { proto: of(4, true), json: true },
    { proto: of(1, 0), json: null },
  ];
  const listValue = { proto: of(6, { [nameOf(list, 1)]: kinds.map((kind) => kind.proto) }), json: kinds.map((kind) => kind.json) };
  const inner = { [nameOf(struct, 1)]: { n: kinds[0]!.proto, s: kinds[1]!.proto } };
  const structValue = { proto: of(5, inner), json: { n: kinds[0]!.json, s: kinds[1]!.json } };
  return {
    proto: {
      [nameOf(struct, 1)]: {
        number: kinds[0]!.proto,
        text: kinds[1]!.proto,
        flag: kinds[2]!.proto,
        nothing: kinds[3]!.proto,
        list: listValue.proto,
        object: structValue.proto,
      },
    },
    json: { number: kinds[0]!.json, text: kinds[1]!.json, flag: kinds[2]!.json, nothing: kinds[3]!.json, list: listValue.json, object: structValue.json },
  };
}

/**
 * A value of a google.protobuf type, in the GraphQL form docs/grpc.md gives it; undefined for
 * any other type. `Any` is left to the caller, which knows what the source can unpack.
 */
export function wellKnownSample(type: protobuf.Type, seed: number): Sample | undefined {
  const name = type.fullName.replace(/^\.google\.protobuf\./, '');
  if (name === type.fullName) return undefined;
  const pair = (rows: readonly [string, number, string][]) => {
    const [seconds, nanos, text] = rows[seed % rows.length]!;
    return same({ [nameOf(type, 1)]: seconds, [nameOf(type, 2)]: nanos }, text);
  };
  if (name === 'Timestamp') return pair(TIMESTAMPS);
  if (name === 'Duration') return pair(DURATIONS);
  const wrapped = WRAPPED[name];
  if (wrapped) {
    const value = scalarSample(wrapped, seed);
    return same({ [nameOf(type, 1)]: value.proto }, value.output);
  }
  if (name === 'Empty') return same({}, true);
  if (name === 'FieldMask') return same({ [nameOf(type, 1)]: ['display_name', 'update_time.seconds'] }, 'displayName,updateTime.seconds');
  if (name !== 'Struct' && name !== 'Value' && name !== 'ListValue') return undefined;
  const value = type.parent!.lookupType('Value');
  const json = jsonSample(value, seed) as { proto: Record<string, Record<string, object>>; json: Record<string, unknown> };
  if (name === 'Struct') return same(json.proto, json.json);
  if (name === 'Value') return same({ [nameOf(value, 5)]: json.proto }, json.json);
  if (name === 'ListValue') {
    const items = Object.values(Object.values(json.proto)[0]!);
    return same({ [nameOf(type, 1)]: items }, Object.values(json.json));
  }
  return undefined;
}
