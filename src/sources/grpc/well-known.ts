import { GraphQLBoolean, GraphQLFloat, GraphQLInt, GraphQLString, type GraphQLScalarType } from 'graphql';
import type protobuf from 'protobufjs';
import { protoJsonName } from './names.js';
import { fractionDigits, timestampText } from './timestamp-text.js';
import { BytesScalar, DateTimeScalar, DurationScalar, FieldMaskScalar, Int64Scalar, JSONScalar, UInt32Scalar, UInt64Scalar } from '../../scalars/index.js';

type Plain = Record<string, unknown>;

/** Converts an `Any` both ways; it needs the whole source's types, which the value mapper has. */
export interface AnyCodec {
  toGraphQL(typeUrl: string, base64: string): unknown;
  fromGraphQL(value: Plain): { typeUrl: string; base64: string };
}

/** A google.protobuf type that GraphQL sees as a scalar. */
export interface WellKnownType {
  graphql: GraphQLScalarType;
  /** From protobufjs's `toObject` form (longs and bytes as strings) to the GraphQL value. */
  toGraphQL(value: Plain, type: protobuf.Type, any: AnyCodec): unknown;
  /** From a GraphQL value to the form protobufjs's `fromObject` accepts. */
  fromGraphQL(value: unknown, type: protobuf.Type, any: AnyCodec): Plain;
  /** From a decoded message, without `toObject`: for types that answers carry by the hundred. */
  fromMessage?(message: Plain, type: protobuf.Type): unknown;
}

/**
 * Field names of the well-known types differ with where they were loaded from (protobufjs's
 * bundled copies, a vendored file, a reflected descriptor), so they are looked up by number.
 */
const keys = new WeakMap<protobuf.Type, string[]>();
function key(type: protobuf.Type, id: number): string {
  let names = keys.get(type);
  if (!names) keys.set(type, (names = []));
  return (names[id] ??= type.fieldsById[id]?.name ?? String(id));
}

function wrapper(graphql: GraphQLScalarType): WellKnownType {
  return {
    graphql,
    toGraphQL: (value, type) => value[key(type, 1)] ?? null,
    fromGraphQL: (value, type) => ({ [key(type, 1)]: value }),
  };
}

const timestamp: WellKnownType = {
  graphql: DateTimeScalar,
  toGraphQL: (value, type) => timestampText(Number(value[key(type, 1)] ?? 0), Number(value[key(type, 2)] ?? 0)),
  fromMessage: (message, type) => timestampText(longNumber(message[key(type, 1)]), Number(message[key(type, 2)] ?? 0)),
  fromGraphQL(value, type) {
    const text = String(value);
    const match = /^(.*?:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text)!;
    const seconds = Math.floor(Date.parse(`${match[1]}${match[3]}`) / 1000);
    return { [key(type, 1)]: seconds, [key(type, 2)]: Number((match[2] ?? '').padEnd(9, '0')) };
  },
};

const duration: WellKnownType = {
  graphql: DurationScalar,
  toGraphQL(value, type) {
    const seconds = BigInt(String(value[key(type, 1)] ?? 0));
    const nanos = Number(value[key(type, 2)] ?? 0);
    const negative = seconds < 0n || nanos < 0;
    return `${negative ? '-' : ''}${seconds < 0n ? -seconds : seconds}${nanos === 0 ? '' : `.${fractionDigits(Math.abs(nanos))}`}s`;
  },
  fromGraphQL(value, type) {
    const [, sign, whole, part] = /^(-?)(\d+)(?:\.(\d+))?s$/.exec(String(value))!;
    const nanos = Number((part ?? '').padEnd(9, '0'));
    return { [key(type, 1)]: `${sign}${whole}`, [key(type, 2)]: sign ? -nanos : nanos };
  },
};

/** A decoded 64-bit integer (a Long, or a number) as a number: exact within 2^53, as Timestamp seconds are. */
function longNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const long = value as protobuf.Long;
  return (long.unsigned ? long.high >>> 0 : long.high) * 4_294_967_296 + (long.low >>> 0);
}

function sibling(type: protobuf.Type, name: string): protobuf.Type {
  return type.parent!.lookupType(name);
}

/** google.protobuf.Value in toObject form → plain JSON. */
function jsonOut(value: Plain, valueType: protobuf.Type): unknown {
  if (value[key(valueType, 2)] !== undefined) return value[key(valueType, 2)];
  if (value[key(valueType, 3)] !== undefined) return value[key(valueType, 3)];
  if (value[key(valueType, 4)] !== undefined) return value[key(valueType, 4)];
  const struct = value[key(valueType, 5)] as Plain | undefined;
  if (struct) return structOut(struct, sibling(valueType, 'Struct'));
  const list = value[key(valueType, 6)] as Plain | undefined;
  if (list) return listOut(list, sibling(valueType, 'ListValue'));
  return null;
}

function structOut(value: Plain, structType: protobuf.Type): Plain {
  const valueType = sibling(structType, 'Value');
  const fields = (value[key(structType, 1)] ?? {}) as Record<string, Plain>;
  return Object.fromEntries(Object.entries(fields).map(([name, item]) => [name, jsonOut(item, valueType)]));
}

function listOut(value: Plain, listType: protobuf.Type): unknown[] {
  const valueType = sibling(listType, 'Value');
  return ((value[key(listType, 1)] ?? []) as Plain[]).map((item) => jsonOut(item, valueType));
}

function jsonIn(value: unknown, valueType: protobuf.Type): Plain {
  if (value === null || value === undefined) return { [key(valueType, 1)]: 0 };
  if (typeof value === 'number') return { [key(valueType, 2)]: value };
  if (typeof value === 'string') return { [key(valueType, 3)]: value };
  if (typeof value === 'boolean') return { [key(valueType, 4)]: value };
  if (Array.isArray(value)) return { [key(valueType, 6)]: listIn(value, sibling(valueType, 'ListValue')) };
  return { [key(valueType, 5)]: structIn(value, sibling(valueType, 'Struct')) };
}

function structIn(value: unknown, structType: protobuf.Type): Plain {
  const valueType = sibling(structType, 'Value');
  const fields = Object.entries((value ?? {}) as Plain).map(([name, item]) => [name, jsonIn(item, valueType)]);
  return { [key(structType, 1)]: Object.fromEntries(fields) };
}

function listIn(value: unknown, listType: protobuf.Type): Plain {
  const items = Array.isArray(value) ? value : [value];
  return { [key(listType, 1)]: items.map((item) => jsonIn(item, sibling(listType, 'Value'))) };
}

export const TIMESTAMP = '.google.protobuf.Timestamp';

const WELL_KNOWN: Record<string, WellKnownType> = {
  [TIMESTAMP]: timestamp,
  '.google.protobuf.Duration': duration,
  '.google.protobuf.DoubleValue': wrapper(GraphQLFloat),
  '.google.protobuf.FloatValue': wrapper(GraphQLFloat),
  '.google.protobuf.Int64Value': wrapper(Int64Scalar),
  '.google.protobuf.UInt64Value': wrapper(UInt64Scalar),
  '.google.protobuf.Int32Value': wrapper(GraphQLInt),
  '.google.protobuf.UInt32Value': wrapper(UInt32Scalar),
  '.google.protobuf.BoolValue': wrapper(GraphQLBoolean),
  '.google.protobuf.StringValue': wrapper(GraphQLString),
  '.google.protobuf.BytesValue': wrapper(BytesScalar),
  '.google.protobuf.Struct': { graphql: JSONScalar, toGraphQL: structOut, fromGraphQL: structIn },
  '.google.protobuf.Value': { graphql: JSONScalar, toGraphQL: jsonOut, fromGraphQL: jsonIn },
  '.google.protobuf.ListValue': { graphql: JSONScalar, toGraphQL: listOut, fromGraphQL: listIn },
  '.google.protobuf.FieldMask': {
    graphql: FieldMaskScalar,
    toGraphQL: (value, type) => ((value[key(type, 1)] ?? []) as string[]).map(protoJsonName).join(','),
    fromGraphQL: (value, type) => ({
      [key(type, 1)]: String(value)
        .split(',')
        .filter(Boolean)
        .map((path) => path.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`)),
    }),
  },
  '.google.protobuf.Any': {
    graphql: JSONScalar,
    toGraphQL: (value, type, any) => any.toGraphQL(String(value[key(type, 1)] ?? ''), String(value[key(type, 2)] ?? '')),
    fromGraphQL(value, type, any) {
      const { typeUrl, base64 } = any.fromGraphQL((value ?? {}) as Plain);
      return { [key(type, 1)]: typeUrl, [key(type, 2)]: base64 };
    },
  },
  // An empty answer still says the call succeeded; GraphQL has no empty object type, so it is `true`.
  '.google.protobuf.Empty': { graphql: GraphQLBoolean, toGraphQL: () => true, fromGraphQL: () => ({}) },
};

/** The scalar mapping of a google.protobuf message, or undefined for any other message. */
export function wellKnownType(type: protobuf.Type): WellKnownType | undefined {
  return WELL_KNOWN[type.fullName];
}

export const EMPTY = '.google.protobuf.Empty';
