import protobuf from 'protobufjs';
import { timestampText } from './timestamp-text.js';

// Reading protobuf's wire format: varints, fixed-width numbers, length-delimited values, and the
// scalar kinds as the gateway's GraphQL types carry them (64-bit integers as decimal text).

const TWO_32 = 4_294_967_296;

// Node's Buffer methods behind toString('utf8' | 'base64', start, end), without its argument checks (protobufjs reads strings the same way).
type SliceableBuffer = Buffer & { utf8Slice(start: number, end: number): string; base64Slice(start: number, end: number): string };

/** Reads protobuf's wire format; 64-bit varints land in `lo` and `hi` (each unsigned 32 bits). */
export class Reader {
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

export type Read = (reader: Reader) => unknown;

/** Readers of each scalar kind, by protobuf type name. */
export const SCALARS: Record<string, Read> = {
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
export function readTimestamp(r: Reader): string {
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
