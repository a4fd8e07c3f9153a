import protobuf from 'protobufjs';

type Plain = Record<string, unknown>;

const HASHED_KEYS: Record<string, boolean> = { int64: false, sint64: false, sfixed64: false, uint64: true, fixed64: true };

/**
 * What a message carries on the wire, in a form two messages can be compared in: protobufjs's
 * object form with 64-bit integers and bytes as text, 64-bit map keys read back from protobufjs's
 * hash with long.js, and an `Any` opened when the type it holds is known.
 */
export function wireForm(type: protobuf.Type, bytes: Uint8Array): unknown {
  return canonical(type, type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String }));
}

/** The wire form of what protobufjs encodes from `proto` (its `fromObject` form). */
export function encodedWireForm(type: protobuf.Type, proto: unknown): unknown {
  return wireForm(type, encode(type, proto));
}

export function encode(type: protobuf.Type, proto: unknown): Uint8Array {
  return type.encode(type.fromObject((proto ?? {}) as Plain)).finish();
}

function canonical(type: protobuf.Type, plain: Plain): Plain {
  if (type.fullName === '.google.protobuf.Any') return anyForm(type, plain);
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const value = plain[field.name];
    if (value === undefined) continue;
    if (field.map) {
      const keyType = (field as unknown as protobuf.MapField).keyType;
      const unsigned = HASHED_KEYS[keyType];
      out[field.name] = Object.fromEntries(
        Object.entries(value as Plain).map(([key, item]) => [
          unsigned === undefined ? key : protobuf.util.longFromHash(key, unsigned).toString(),
          element(field, item),
        ]),
      );
    } else if (field.repeated) out[field.name] = (value as unknown[]).map((item) => element(field, item));
    else out[field.name] = element(field, value);
  }
  return out;
}

function element(field: protobuf.Field, value: unknown): unknown {
  return field.resolvedType instanceof protobuf.Type ? canonical(field.resolvedType, value as Plain) : value;
}

function anyForm(type: protobuf.Type, plain: Plain): Plain {
  const typeUrl = String(plain[type.fieldsById[1]!.name] ?? '');
  const value = String(plain[type.fieldsById[2]!.name] ?? '');
  const packed = type.root.lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (!(packed instanceof protobuf.Type)) return { typeUrl, value };
  return { typeUrl, value: wireForm(packed, Buffer.from(value, 'base64')) };
}
