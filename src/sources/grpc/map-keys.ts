import protobuf from 'protobufjs';

interface IntegerKey {
  min: bigint;
  max: bigint;
  /** protobufjs keys a decoded map of this type by `util.longToHash`: the long's 8 bytes as 8 characters, not its digits. */
  hashed: boolean;
}

const signed = (bits: 32 | 64): IntegerKey => ({ min: -(2n ** BigInt(bits - 1)), max: 2n ** BigInt(bits - 1) - 1n, hashed: bits === 64 });
const unsigned = (bits: 32 | 64): IntegerKey => ({ min: 0n, max: 2n ** BigInt(bits) - 1n, hashed: bits === 64 });

const INTEGER_KEYS: Record<string, IntegerKey> = {
  int32: signed(32),
  sint32: signed(32),
  sfixed32: signed(32),
  uint32: unsigned(32),
  fixed32: unsigned(32),
  int64: signed(64),
  sint64: signed(64),
  sfixed64: signed(64),
  uint64: unsigned(64),
  fixed64: unsigned(64),
};

export type EntryKey = string | number | boolean;

/**
 * A key of a decoded map as text: decimal for integers, `true`/`false` for bool. 64-bit keys are
 * read back from protobufjs's hash; every other key type already is its text.
 */
export function mapKeyText(keyType: string, key: string): string {
  const integer = INTEGER_KEYS[keyType];
  if (!integer?.hashed) return key;
  const bits = protobuf.util.LongBits.fromHash(key);
  const value = (BigInt(bits.hi) << 32n) | BigInt(bits.lo);
  return (integer.min < 0n ? BigInt.asIntN(64, value) : value).toString();
}

/** The key of a `{ key, value }` entry, as its GraphQL scalar writes it: a number for 32-bit integers (Int, UInt32), decimal text for 64-bit ones. */
export function mapEntryKey(keyType: string, text: string): EntryKey {
  if (keyType === 'bool') return text === 'true';
  const integer = INTEGER_KEYS[keyType];
  return integer && !integer.hashed ? Number(text) : text;
}

/**
 * A key a client sent (an entry's key, or a property name of a `maps: json` object) as the property
 * name from which protobufjs encodes that key; undefined when it is not a key of this type.
 */
export function mapKeyIn(keyType: string, key: unknown): string | undefined {
  if (keyType === 'bool') {
    const flag = key === true || key === 'true' ? true : key === false || key === 'false' ? false : undefined;
    // protobufjs writes a bool key as the truthiness of the property name, and the text "false" is truthy.
    return flag === undefined ? undefined : flag ? 'true' : '';
  }
  const integer = INTEGER_KEYS[keyType];
  if (!integer) return typeof key === 'string' ? key : undefined;
  const text = typeof key === 'number' && Number.isSafeInteger(key) ? String(key) : typeof key === 'string' && /^-?\d+$/.test(key) ? key : undefined;
  if (text === undefined) return undefined;
  const value = BigInt(text);
  // Decimal text is what protobufjs's writer reads for every integer key type (through Long.fromString for 64-bit ones).
  return value >= integer.min && value <= integer.max ? value.toString() : undefined;
}

/** What a key of this type looks like, for messages. */
export function mapKeyExpected(keyType: string): string {
  const integer = INTEGER_KEYS[keyType];
  if (integer) return `an integer from ${integer.min} to ${integer.max}`;
  return keyType === 'bool' ? 'true or false' : 'a string';
}
