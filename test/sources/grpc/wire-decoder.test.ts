import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, test } from 'vitest';
import { createMessageOut } from '../../../src/sources/grpc/message-out.js';
import { createWireDecoder } from '../../../src/sources/grpc/wire-decoder.js';
import { FIXTURES } from './support/kitchen.js';
import { GOOGLE_PROTOS, PUBLIC_PROTOS } from './support/public-protos.js';

// The wire decoder must give exactly what protobufjs's decode followed by message-out gives, for
// every message of real APIs: random messages of every type are encoded by protobufjs and read
// both ways.

const CORPUS: Array<[root: string, file: string]> = [
  ...PUBLIC_PROTOS,
  [join(FIXTURES, 'kitchen'), 'kitchen.proto'],
  [join(FIXTURES, 'kitchen'), 'legacy.proto'],
];

const WIRE_PROTO = `
syntax = "proto2";
package wire;
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
enum Level { LOW = 0; HIGH = 5; }
message Scalars {
  optional double d = 1; optional float f = 2; optional int32 i32 = 3; optional int64 i64 = 4;
  optional uint32 u32 = 5; optional uint64 u64 = 6; optional sint32 s32 = 7; optional sint64 s64 = 8;
  optional fixed32 f32 = 9; optional fixed64 f64 = 10; optional sfixed32 sf32 = 11; optional sfixed64 sf64 = 12;
  optional bool b = 13; optional string s = 14; optional bytes by = 15; optional Level level = 16 [default = HIGH];
  optional int32 answer = 17 [default = 42]; optional string greeting = 18 [default = "hello"];
  repeated int64 longs = 19; repeated sint32 zigzags = 20 [packed = true]; repeated Level levels = 21;
  repeated google.protobuf.Timestamp times = 22; optional google.protobuf.Timestamp at = 23;
  optional google.protobuf.Int64Value wrapped = 24; optional Scalars child = 25; repeated Scalars children = 26;
  oneof pick { string name = 27; Scalars other = 28; }
  repeated bytes blobs = 29; repeated string words = 30; repeated double ratios = 31 [packed = true];
}
message Narrow { optional string s = 14; }
`;

function loadRoot(root: string, file: string): protobuf.Root {
  const parsed = new protobuf.Root();
  parsed.resolvePath = (_origin, target) => join(target.startsWith('google/protobuf/') ? GOOGLE_PROTOS : root, target);
  parsed.loadSync(file, { keepCase: true });
  parsed.resolveAll();
  return parsed;
}

function typesOf(namespace: protobuf.NamespaceBase): protobuf.Type[] {
  return namespace.nestedArray.flatMap((nested) => [
    ...(nested instanceof protobuf.Type ? [nested] : []),
    ...(nested instanceof protobuf.Namespace || nested instanceof protobuf.Type ? typesOf(nested) : []),
  ]);
}

/** A seeded generator, so that a failure names a message that can be made again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

type Random = ReturnType<typeof random>;

const LONGS = ['0', '1', '-1', '4294967296', '-4294967297', '9007199254740993', '-9223372036854775808', '9223372036854775807', '123456789012'];
const ULONGS = ['0', '1', '4294967295', '4294967296', '9007199254740993', '18446744073709551615'];
const TEXTS = ['', 'a', 'héllo wörld', '日本語テキスト', 'emoji 🚀 text', 'x'.repeat(300)];

function scalar(type: string, rnd: Random): unknown {
  switch (type) {
    case 'double':
      return rnd.pick([0, -0.5, 1e300, Number.MAX_VALUE, rnd.next() * 1000, -1234.5678]);
    case 'float':
      return rnd.pick([0, 1.5, -2.25, 3.4e38, rnd.next()]);
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return rnd.pick([0, 1, -1, 2147483647, -2147483648, rnd.int(100000) - 50000]);
    case 'uint32':
    case 'fixed32':
      return rnd.pick([0, 1, 4294967295, rnd.int(1 << 30)]);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return rnd.pick(LONGS);
    case 'uint64':
    case 'fixed64':
      return rnd.pick(ULONGS);
    case 'bool':
      return rnd.next() < 0.5;
    case 'string':
      return rnd.pick(TEXTS);
    case 'bytes':
      return Buffer.from(rnd.pick(TEXTS)).toString('base64');
    default:
      throw new Error(`no generator for ${type}`);
  }
}

/** A random message of `type` in protobufjs's object form; nesting ends at depth 3. */
function messageOf(type: protobuf.Type, rnd: Random, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const oneofsSet = new Set<string>();
  for (const field of type.fieldsArray) {
    if (!field.required && rnd.next() < 0.3) continue;
    if (field.partOf) {
      if (oneofsSet.has(field.partOf.name)) continue;
      oneofsSet.add(field.partOf.name);
    }
    const element = () => elementOf(field, rnd, depth);
    if (field.map) {
      const entries: Record<string, unknown> = {};
      const keyType = (field as unknown as protobuf.MapField).keyType;
      for (let index = rnd.int(3); index > 0; index--) entries[String(mapKey(keyType, rnd))] = element();
      out[field.name] = entries;
    } else if (field.repeated) out[field.name] = Array.from({ length: rnd.int(4) }, element);
    else out[field.name] = element();
  }
  return out;
}

function mapKey(keyType: string, rnd: Random): unknown {
  if (keyType === 'bool') return rnd.next() < 0.5;
  if (keyType === 'string') return rnd.pick(['a', 'b', 'key']);
  return rnd.int(1000);
}

function elementOf(field: protobuf.Field, rnd: Random, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return rnd.pick(Object.values(resolved.values));
  if (resolved instanceof protobuf.Type) {
    if (resolved.fullName === '.google.protobuf.Timestamp')
      return { seconds: rnd.pick(['0', '1700000000', '-62135596800', '253402300799']), nanos: rnd.pick([0, 5000, 123456789]) };
    if (resolved.fullName === '.google.protobuf.Any') return { type_url: 'type.googleapis.com/unknown.Type', value: Buffer.from('x').toString('base64') };
    return depth >= 3 ? {} : messageOf(resolved, rnd, depth + 1);
  }
  return scalar(field.type, rnd);
}

function decoders() {
  // Any needs the whole root in the gateway; here it keeps its raw form, the same on both sides.
  const messageOut = createMessageOut({ toGraphQL: (typeUrl, base64) => ({ typeUrl, base64 }), fromGraphQL: () => ({ typeUrl: '', base64: '' }) }, 'entries');
  const reference = (type: protobuf.Type, bytes: Uint8Array) => messageOut(type, type.decode(bytes));
  return { reference, wire: createWireDecoder(reference) };
}

describe('wire decoder', () => {
  test.each(CORPUS.map(([root, file]) => ({ root, file })))('reads every message type of $file as protobufjs and message-out do', ({ root, file }) => {
    const types = typesOf(loadRoot(root, file));
    const { reference, wire } = decoders();
    const rnd = random(types.length);
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) {
      for (let round = 0; round < 8; round++) {
        const bytes = type.encode(type.fromObject(messageOf(type, rnd))).finish();
        expect(
          outcome(() => wire(type, bytes)),
          `${type.fullName}, round ${round}`,
        ).toEqual(outcome(() => reference(type, bytes)));
      }
    }
  });

  const root = protobuf.parse(WIRE_PROTO, new protobuf.Root(), { keepCase: true }).root;
  root.resolvePath = (_origin, target) => join(GOOGLE_PROTOS, target);
  root.loadSync(['google/protobuf/timestamp.proto', 'google/protobuf/wrappers.proto']);
  root.resolveAll();
  const Scalars = root.lookupType('wire.Scalars');
  const Narrow = root.lookupType('wire.Narrow');

  test('every scalar kind, defaults, packed and unpacked lists, oneofs, wrappers and nested timestamps', () => {
    const { reference, wire } = decoders();
    const rnd = random(7);
    for (let round = 0; round < 500; round++) {
      const bytes = Scalars.encode(Scalars.fromObject(messageOf(Scalars, rnd))).finish();
      expect(
        outcome(() => wire(Scalars, bytes)),
        `round ${round}`,
      ).toEqual(outcome(() => reference(Scalars, bytes)));
    }
    const defaults = wire(Scalars, new Uint8Array(0)) as Record<string, unknown>;
    expect(defaults).toMatchObject({ level: 'HIGH', answer: 42, greeting: 'hello', i64: '0', longs: [], child: null, name: null, at: null });
  });

  test('fields it does not know are skipped, and an unknown enum number stays a number', () => {
    const { reference, wire } = decoders();
    const bytes = Scalars.encode(Scalars.fromObject({ s: 'kept', i64: '-5', level: 5, times: [{ seconds: '1', nanos: 1 }], child: { b: true } })).finish();
    expect(wire(Narrow, bytes)).toEqual({ s: 'kept' });
    expect(wire(Narrow, bytes)).toEqual(reference(Narrow, bytes));
    const unknownLevel = Buffer.concat([varint(16 * 8), varint(9)]);
    expect((wire(Scalars, unknownLevel) as Record<string, unknown>)['level']).toBe(9);
    expect(wire(Scalars, unknownLevel)).toEqual(reference(Scalars, unknownLevel));
  });

  test('a list sent unpacked and packed in one message reads as one list', () => {
    const { reference, wire } = decoders();
    const packed = Scalars.encode(Scalars.fromObject({ zigzags: [1, -2] })).finish();
    const unpacked = Buffer.concat([varint(20 * 8), varint(5)]);
    const both = Buffer.concat([packed, unpacked]);
    expect((wire(Scalars, both) as Record<string, unknown>)['zigzags']).toEqual([1, -2, -3]);
    expect(wire(Scalars, both)).toEqual(reference(Scalars, both));
  });

  test('a truncated or malformed answer is refused, never read as something else', () => {
    const { reference, wire } = decoders();
    const bytes = Scalars.encode(Scalars.fromObject({ s: 'a string long enough', i64: '-7', child: { s: 'inner' } })).finish();
    let refused = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      const prefix = bytes.subarray(0, cut);
      let read: unknown;
      try {
        read = wire(Scalars, prefix);
      } catch {
        refused++;
        continue;
      }
      // What it reads is what protobufjs reads: a cut between two fields is a shorter message.
      expect(read, `cut at ${cut}`).toEqual(reference(Scalars, prefix));
    }
    expect(refused).toBeGreaterThan(bytes.length / 2);
    expect(() => wire(Scalars, Buffer.from([8 * 1 + 7]))).toThrow(/wire type/);
    expect(() => wire(Scalars, Buffer.from([4 * 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/varint/);
  });

  test('nesting deeper than protobuf allows is refused', () => {
    const { wire } = decoders();
    let bytes: Uint8Array = Scalars.encode({ s: 'leaf' }).finish();
    for (let depth = 0; depth < 150; depth++) bytes = Buffer.concat([varint(25 * 8 + 2), varint(bytes.length), bytes]);
    expect(() => wire(Scalars, bytes)).toThrow(/nesting/);
  });
});

/** What reading gave: the value, or that it threw (a Timestamp past year 9999 has no text, either way). */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch {
    return { threw: true };
  }
}

function varint(value: number): Buffer {
  const out: number[] = [];
  while (value >= 128) {
    out.push((value & 127) | 128);
    value >>>= 7;
  }
  out.push(value);
  return Buffer.from(out);
}
