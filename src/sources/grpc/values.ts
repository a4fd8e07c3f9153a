import { coerceInputValue, type GraphQLInputType } from 'graphql';
import protobuf from 'protobufjs';
import { plexusError } from '../../errors.js';
import { mapKeyExpected, mapKeyIn } from './map-keys.js';
import { createMessageOut } from './message-out.js';
import { createWireDecoder } from './wire-decoder.js';
import { fieldName } from './names.js';
import { wellKnownType, type AnyCodec } from './well-known.js';

type Plain = Record<string, unknown>;

export type MapStyle = 'entries' | 'json';

/** Moves values between protobuf's binary form and the shapes of the GraphQL types built for them. */
export interface ValueMapper {
  /** A response message as its GraphQL value (an object, or a scalar for well-known types). */
  decode(type: protobuf.Type, bytes: Uint8Array): unknown;
  /** A request message from GraphQL arguments; a value protobuf cannot take is BAD_USER_INPUT. */
  encode(type: protobuf.Type, value: unknown): Uint8Array;
}

export interface ValueMapperOptions {
  source: string;
  maps: MapStyle;
  /** The GraphQL input type of a map's values, which checks them with `maps: json` as GraphQL checks an entry's `value`. */
  mapValueType(field: protobuf.Field): GraphQLInputType;
}

export function createValueMapper(root: protobuf.Root, options: ValueMapperOptions): ValueMapper {
  const badInput = (message: string) => plexusError('BAD_USER_INPUT', message, { extensions: { source: options.source } });

  const any: AnyCodec = {
    toGraphQL(typeUrl, base64) {
      const type = root.lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1), [protobuf.Type]) as protobuf.Type | null;
      if (!type) return { '@type': typeUrl, value: base64 };
      const inner = decode(type, Buffer.from(base64, 'base64'));
      return { '@type': typeUrl, ...(wellKnownType(type) ? { value: inner } : (inner as Plain)) };
    },
    fromGraphQL(value) {
      const typeUrl = value['@type'];
      const type = typeof typeUrl === 'string' ? (root.lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1), [protobuf.Type]) as protobuf.Type | null) : null;
      if (!type) throw badInput(`an Any value needs an "@type" naming a message this source knows (got ${JSON.stringify(typeUrl)})`);
      const { '@type': _, ...rest } = value;
      const bytes = encode(type, (wellKnownType(type) ? rest['value'] : rest) as Plain);
      return { typeUrl: typeUrl as string, base64: Buffer.from(bytes).toString('base64') };
    },
  };

  const messageOut = createMessageOut(any, options.maps);

  function messageIn(type: protobuf.Type, value: Plain): Plain {
    const known = wellKnownType(type);
    if (known) return known.fromGraphQL(value, type, any);
    for (const oneof of type.oneofsArray) {
      const set = oneof.fieldsArray.filter((member) => value[fieldName(member)] !== undefined && value[fieldName(member)] !== null);
      if (set.length > 1) throw badInput(`set at most one of ${set.map(fieldName).join(', ')} (they are alternatives of "${oneof.name}")`);
    }
    const out: Plain = {};
    for (const field of type.fieldsArray) {
      const item = value[fieldName(field)];
      if (item !== undefined && item !== null) out[field.name] = fieldIn(field, item);
    }
    return out;
  }

  function fieldIn(field: protobuf.Field, value: unknown): unknown {
    if (field.map) return mapIn(field, value);
    if (field.repeated) return (value as unknown[]).map((item) => elementIn(field, item));
    return elementIn(field, value);
  }

  /** A map in protobufjs's object form, keyed so that each key encodes to the one the client sent. */
  function mapIn(field: protobuf.Field, value: unknown): Plain {
    const keyType = mapKeyType(field);
    const name = `map "${fieldName(field)}"`;
    if (options.maps === 'json' && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw badInput(`${name} takes a JSON object (got ${JSON.stringify(value)})`);
    const entries =
      options.maps === 'json'
        ? Object.entries(value as Plain)
        : (value as { key: unknown; value: unknown }[]).map((entry) => [entry.key, entry.value] as const);
    const seen = new Set<string>();
    return Object.fromEntries(
      entries.map(([key, item]) => {
        const protoKey = mapKeyIn(keyType, key);
        if (protoKey === undefined) throw badInput(`${name} cannot have the key ${JSON.stringify(key)}: its keys are ${mapKeyExpected(keyType)}`);
        if (seen.has(protoKey)) throw badInput(`${name} has the key ${JSON.stringify(key)} more than once`);
        seen.add(protoKey);
        // protobufjs would write null as the text "null", or as 0.
        if (item === null || item === undefined) throw badInput(`${name} has no value for the key ${JSON.stringify(key)}`);
        return [protoKey, elementIn(field, options.maps === 'json' ? jsonMapValue(field, `${name}, key ${JSON.stringify(key)}`, item) : item)];
      }),
    );
  }

  /** A value of a `maps: json` map, checked and coerced as it would be as the `value` of an entry: no GraphQL check has seen it. */
  function jsonMapValue(field: protobuf.Field, where: string, value: unknown): unknown {
    return coerceInputValue(value, options.mapValueType(field), (path, _invalid, error) => {
      throw badInput(`${where}${path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}: ${error.message}`);
    });
  }

  function elementIn(field: protobuf.Field, value: unknown): unknown {
    if (field.resolvedType instanceof protobuf.Type && value !== null && value !== undefined) return messageIn(field.resolvedType, value as Plain);
    return value;
  }

  const decode = createWireDecoder((type, bytes) => messageOut(type, type.decode(bytes)));

  function encode(type: protobuf.Type, value: unknown): Uint8Array {
    const plain = messageIn(type, (value ?? {}) as Plain);
    let message;
    try {
      message = type.fromObject(plain);
    } catch (error) {
      throw badInput(`invalid ${type.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return type.encode(message).finish();
  }

  return { decode, encode };
}

/** The key type of a map field (`string` in `map<string, Order>`). */
export function mapKeyType(field: protobuf.Field): string {
  return (field as unknown as protobuf.MapField).keyType;
}
