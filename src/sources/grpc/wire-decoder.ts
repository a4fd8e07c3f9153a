import protobuf from 'protobufjs';
import { fieldName } from './names.js';
import { timestampText } from './timestamp-text.js';
import { TIMESTAMP, wellKnownType } from './well-known.js';

type Plain = Record<string, unknown>;
type Decode = (type: protobuf.Type, bytes: Uint8Array) => unknown;

/** How deep messages may nest, as protobufjs and protoc allow. */
const RECURSION_LIMIT = 100;
const TWO_32 = 4_294_967_296;
const { basic: WIRE_TYPES, packed: PACKABLE } = protobuf.types as unknown as { basic: Record<string, number>; packed: Record<string, number> };

// Node's Buffer methods behind toString('utf8' | 'base64', start, end), without its argument checks (protobufjs reads strings the same way).
type SliceableBuffer = Buffer & { utf8Slice(start: number, end: number): string; base64Slice(start: number, end: number): string };

/** Reads protobuf's wire format; 64-bit varints land in `lo` and `hi` (each unsigned 32 bits). */
class Reader {
  readonly buf: SliceableBuffer;
  pos = 0;
  lo = 0;
  hi = 0;
  depth = 0;
  constructor(
    buf: Buffer,
    public end: number,
  ) {
    this.buf = buf as SliceableBuffer;
  }

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('index out of range');
    return this.buf[this.pos++]!;
  }

  uint32(): number {
    const { buf } = this;
    const at = this.pos;
    // Most varints are one or two bytes: read those without a bounds check per byte.
    if (at + 2 <= this.end) {
      const first = buf[at]!;
      if (first < 128) {
        this.pos = at + 1;
        return first;
      }
      const second = buf[at + 1]!;
      if (second < 128) {
        this.pos = at + 2;
        return (first & 127) | (second << 7);
      }
    }
    let byte = this.byte();
    let value = byte & 127;
    if (byte < 128) return value;
    for (let shift = 7; shift < 28; shift += 7) {
      byte = this.byte();
      value |= (byte & 127) << shift;
      if (byte < 128) return value >>> 0;
    }
    byte = this.byte();
    value |= (byte & 15) << 28;
    // Bits above 32 (a negative int32 is sent in ten bytes) are dropped, as protobufjs drops them.
    for (let extra = 0; byte >= 128; extra++) {
      if (extra === 5) throw new Error('invalid varint encoding');
      byte = this.byte();
    }
    return value >>> 0;
  }

  varint64(): void {
    let lo = 0;
    let hi = 0;
    let byte = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      byte = this.byte();
      lo |= (byte & 127) << shift;
      if (byte < 128) return this.set(lo, 0);
    }
    byte = this.byte();
    lo |= (byte & 127) << 28;
    hi = (byte & 127) >> 4;
    if (byte < 128) return this.set(lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      byte = this.byte();
      hi |= (byte & 127) << shift;
      if (byte < 128) return this.set(lo, hi);
    }
    throw new Error('invalid varint encoding');
  }

  fixed64(): void {
    this.set(this.fixed32(), this.fixed32());
  }

  fixed32(): number {
    const at = this.skip(4);
    return this.buf.readUInt32LE(at);
  }

  /** Moves past `bytes` bytes and returns where they start. */
  skip(bytes: number): number {
    const at = this.pos;
    if (at + bytes > this.end) throw new RangeError('index out of range');
    this.pos = at + bytes;
    return at;
  }

  /** The end of a length-delimited value starting here. */
  delimited(): number {
    const length = this.uint32();
    if (this.pos + length > this.end) throw new RangeError('index out of range');
    return this.pos + length;
  }

  skipField(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.skip(8);
        return;
      case 2:
        this.pos = this.delimited();
        return;
      case 3:
        for (;;) {
          const tag = this.uint32();
          if ((tag & 7) === 4) return;
          this.skipField(tag & 7);
        }
      case 5:
        this.skip(4);
        return;
      default:
        throw new Error(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private set(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }
}

/** A 64-bit value read into `lo`/`hi` as decimal text, as `longText` in message-out writes a Long. */
function longText(reader: Reader, signed: boolean): string {
  const high = signed ? reader.hi | 0 : reader.hi;
  if (high < 0x200000 && high >= -0x200000) return String(high * TWO_32 + reader.lo);
  return new protobuf.util.Long(reader.lo | 0, reader.hi | 0, !signed).toString();
}

function zigZag64(reader: Reader): void {
  const mask = -(reader.lo & 1);
  reader.lo = (((reader.lo >>> 1) | (reader.hi << 31)) ^ mask) >>> 0;
  reader.hi = ((reader.hi >>> 1) ^ mask) >>> 0;
}

type Read = (reader: Reader) => unknown;

const SCALARS: Record<string, Read> = {
  double: (r) => r.buf.readDoubleLE(r.skip(8)),
  float: (r) => r.buf.readFloatLE(r.skip(4)),
  int32: (r) => r.uint32() | 0,
  uint32: (r) => r.uint32(),
  sint32: (r) => {
    const value = r.uint32();
    return ((value >>> 1) ^ -(value & 1)) | 0;
  },
  fixed32: (r) => r.fixed32(),
  sfixed32: (r) => r.fixed32() | 0,
  bool: (r) => r.uint32() !== 0,
  int64: (r) => (r.varint64(), longText(r, true)),
  uint64: (r) => (r.varint64(), longText(r, false)),
  sint64: (r) => (r.varint64(), zigZag64(r), longText(r, true)),
  fixed64: (r) => (r.fixed64(), longText(r, false)),
  sfixed64: (r) => (r.fixed64(), longText(r, true)),
  string: (r) => {
    const end = r.delimited();
    const text = r.buf.utf8Slice(r.pos, end);
    r.pos = end;
    return text;
  },
  bytes: (r) => {
    const end = r.delimited();
    const text = end === r.pos ? '' : r.buf.base64Slice(r.pos, end);
    r.pos = end;
    return text;
  },
};

/** A Timestamp read straight into its text: the only well-known type answers carry by the hundred. */
function readTimestamp(r: Reader): string {
  const end = r.delimited();
  const outer = r.end;
  r.end = end;
  let seconds = 0;
  let nanos = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 8) {
      r.varint64();
      seconds = (r.hi | 0) * TWO_32 + r.lo;
    } else if (tag === 16) nanos = r.uint32() | 0;
    else r.skipField(tag & 7);
  }
  r.end = outer;
  return timestampText(seconds, nanos);
}

interface FieldPlan {
  out: string;
  /** The wire type of one element. */
  wireType: number;
  repeated: boolean;
  packable: boolean;
  read: Read;
}

interface TypePlan {
  /** By field number; a Map when numbers are sparse. */
  fields: Array<FieldPlan | undefined> | Map<number, FieldPlan>;
  /** Each field's value when the message leaves it out, in field order: copied for every message. */
  template: Plain;
  /** Fields that get a new array in every message. */
  lists: string[];
}

/**
 * Decodes response messages straight from protobuf's wire format into the shapes of the GraphQL
 * types built for them: one pass, no protobufjs message in between, 64-bit integers read into
 * their text without a Long. The result is the one `fallback` (protobufjs's decode, then
 * message-out) gives; types this decoder does not cover (maps, groups, required fields, the
 * well-known types at the top) are handed to it whole, and nested messages of such types as
 * their bytes.
 */
export function createWireDecoder(fallback: Decode): Decode {
  const plans = new Map<protobuf.Type, TypePlan | null>();

  function planOf(type: protobuf.Type): TypePlan | null {
    let plan = plans.get(type);
    if (plan !== undefined) return plan;
    plan = covered(type) ? { fields: [], template: {}, lists: [] } : null;
    // Set before the fields are worked out, so that a message type that contains itself resolves.
    plans.set(type, plan);
    if (plan) fill(plan, type);
    return plan;
  }

  function fill(plan: TypePlan, type: protobuf.Type): void {
    const fields = type.fieldsArray.map((field) => ({ id: field.id, plan: fieldPlan(field) }));
    const highest = Math.max(0, ...fields.map((field) => field.id));
    const byNumber = highest <= 1024 ? new Array<FieldPlan | undefined>(highest + 1) : new Map<number, FieldPlan>();
    for (const { id, plan: field } of fields) {
      if (Array.isArray(byNumber)) byNumber[id] = field;
      else byNumber.set(id, field);
    }
    plan.fields = byNumber;
    // An empty message through the fallback gives every default exactly as it writes them.
    const empty = fallback(type, new Uint8Array(0)) as Plain;
    for (const { plan: field } of fields) plan.template[field.out] = field.repeated ? null : empty[field.out];
    plan.lists = fields.filter(({ plan: field }) => field.repeated).map(({ plan: field }) => field.out);
  }

  function fieldPlan(field: protobuf.Field): FieldPlan {
    const out = fieldName(field);
    const resolved = field.resolvedType;
    const base = { out, repeated: field.repeated };
    if (resolved instanceof protobuf.Type) return { ...base, wireType: 2, packable: false, read: messageReader(resolved) };
    if (resolved instanceof protobuf.Enum) {
      const names = resolved.valuesById;
      return {
        ...base,
        wireType: 0,
        packable: true,
        read: (r) => {
          const value = r.uint32() | 0;
          // A number this build of the .proto does not know stays a number, as message-out leaves it.
          return names[value] ?? value;
        },
      };
    }
    return { ...base, wireType: WIRE_TYPES[field.type]!, packable: PACKABLE[field.type] !== undefined, read: SCALARS[field.type]! };
  }

  function messageReader(type: protobuf.Type): Read {
    if (type.fullName === TIMESTAMP) return readTimestamp;
    return (r) => {
      const end = r.delimited();
      const plan = planOf(type);
      let value: unknown;
      if (plan) {
        if (++r.depth > RECURSION_LIMIT) throw new Error('maximum nesting depth exceeded');
        value = decodeMessage(plan, r, end);
        r.depth--;
      } else value = fallback(type, r.buf.subarray(r.pos, end));
      r.pos = end;
      return value;
    };
  }

  function decodeMessage(plan: TypePlan, r: Reader, end: number): Plain {
    const out: Plain = { ...plan.template };
    for (const name of plan.lists) out[name] = [];
    const outer = r.end;
    r.end = end;
    const { fields } = plan;
    while (r.pos < end) {
      const tag = r.uint32();
      const id = tag >>> 3;
      const wireType = tag & 7;
      const field = Array.isArray(fields) ? fields[id] : fields.get(id);
      if (!field) r.skipField(wireType);
      else if (field.repeated && field.packable && wireType === 2) {
        const items = out[field.out] as unknown[];
        const stop = r.delimited();
        r.end = stop;
        while (r.pos < stop) items.push(field.read(r));
        r.end = end;
      } else if (wireType !== field.wireType) r.skipField(wireType);
      else if (field.repeated) (out[field.out] as unknown[]).push(field.read(r));
      else out[field.out] = field.read(r);
    }
    r.end = outer;
    return out;
  }

  return (type, bytes) => {
    const plan = planOf(type);
    if (!plan) return fallback(type, bytes);
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return decodeMessage(plan, new Reader(buf, buf.length), buf.length);
  };
}

/** Message types read here: every field a plain value, an enum or a message, none a map, a group or required. */
function covered(type: protobuf.Type): boolean {
  if (wellKnownType(type)) return false;
  return type.fieldsArray.every(
    (field) => !field.map && !field.delimited && !field.required && (field.resolvedType !== null || WIRE_TYPES[field.type] !== undefined),
  );
}
