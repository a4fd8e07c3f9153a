import protobuf from 'protobufjs';
import { mapEntryKey, mapKeyText } from './map-keys.js';
import { fieldName } from './names.js';
import { wellKnownType, type AnyCodec } from './well-known.js';

type Plain = Record<string, unknown>;
type Convert = (value: unknown) => unknown;

/** The form the well-known types read: longs and bytes as strings, enums by name, every default filled in. */
export const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true };

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Converts decoded messages straight into the shapes of the GraphQL types built for them, one
 * compiled converter per message type. Responses carry hundreds of messages of a few types, so
 * this skips protobufjs's `toObject` (a second copy of every message) and works out each field's
 * conversion once. The result is the one `toObject` with {@link TO_OBJECT} and a rename would give:
 * unset fields read their proto default from the message's prototype, unset oneof members are null.
 */
export function createMessageOut(any: AnyCodec, maps: 'entries' | 'json'): (type: protobuf.Type, message: unknown) => unknown {
  const converters = new Map<protobuf.Type, Convert>();

  function converterOf(type: protobuf.Type): Convert {
    let convert = converters.get(type);
    if (convert) return convert;
    const known = wellKnownType(type);
    if (known?.fromMessage) {
      const fromMessage = known.fromMessage;
      convert = (message) => fromMessage(message as Plain, type);
    } else if (known) {
      convert = (message) => known.toGraphQL(type.toObject(message as protobuf.Message, TO_OBJECT), type, any);
    } else {
      // Fields are worked out on first use, so that a message type that contains itself resolves.
      let fields: Array<{ out: string; read: (message: Plain) => unknown }> | undefined;
      convert = (message) => {
        fields ??= type.fieldsArray.map((field) => ({ out: fieldName(field), read: fieldReader(field) }));
        const out: Plain = {};
        for (const field of fields) out[field.out] = field.read(message as Plain);
        return out;
      };
    }
    converters.set(type, convert);
    return convert;
  }

  function fieldReader(field: protobuf.Field): (message: Plain) => unknown {
    const name = field.name;
    const element = elementConverter(field);
    if (field.map) {
      const keyType = (field as unknown as protobuf.MapField).keyType;
      return (message) => {
        const entries = (message[name] ?? {}) as Plain;
        if (maps === 'json') {
          const out: Plain = {};
          for (const key of Object.keys(entries)) out[mapKeyText(keyType, key)] = element(entries[key]);
          return out;
        }
        return Object.keys(entries).map((key) => ({ key: mapEntryKey(keyType, mapKeyText(keyType, key)), value: element(entries[key]) }));
      };
    }
    if (field.repeated) return (message) => ((message[name] as unknown[] | undefined) ?? []).map(element);
    // An unset member of a oneof (or a proto3 `optional`) has no default: it is absent.
    if (field.partOf) return (message) => (hasOwn.call(message, name) && message[name] != null ? element(message[name]) : null);
    return (message) => element(message[name]);
  }

  function elementConverter(field: protobuf.Field): Convert {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return (value) => (value == null ? null : converterOf(resolved)(value));
    if (resolved instanceof protobuf.Enum) {
      const names = resolved.valuesById;
      // A number this build of the .proto does not know stays a number, as toObject leaves it.
      return (value) => names[value as number] ?? value;
    }
    if (LONG_TYPES.has(field.type)) return longText;
    if (field.type === 'bytes') return (value) => bytesText(value as Uint8Array | number[]);
    return (value) => value;
  }

  return (type, message) => converterOf(type)(message);
}

/** A 64-bit integer as decimal text; values within 2^53 skip Long's division loop. */
function longText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  const long = value as protobuf.Long;
  const high = long.unsigned ? long.high >>> 0 : long.high;
  if (high < 0x200000 && high >= -0x200000) return String(high * 4294967296 + (long.low >>> 0));
  return long.toString();
}

function bytesText(value: Uint8Array | number[] | undefined): string {
  if (!value || value.length === 0) return '';
  if (Buffer.isBuffer(value)) return value.toString('base64');
  // A default from the prototype can be a plain array.
  return (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.from(value)).toString('base64');
}
