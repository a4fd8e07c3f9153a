import { isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import { Int64Scalar, UInt64Scalar } from '../../scalars/index.js';

/** 64-bit integers arrive as decimal text; as bigints, JSON bodies carry them as numbers, digit for digit. */
const DECIMAL_SCALARS: ReadonlySet<string> = new Set([Int64Scalar.name, UInt64Scalar.name]);

/**
 * Turns an argument value into the value the service expects: input-object fields are renamed
 * back to the property names of the document. Enum values need nothing: graphql-js already hands
 * over the wire text as their internal value.
 */
export function toWire(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return toWire(value, type.ofType);
  if (isListType(type)) return Array.isArray(value) ? value.map((item) => toWire(item, type.ofType)) : toWire(value, type.ofType);
  if (isInputObjectType(type) && typeof value === 'object') {
    const fields = type.getFields();
    const wire: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const field = fields[name];
      if (!field) continue;
      const wireName = typeof field.extensions['wireName'] === 'string' ? field.extensions['wireName'] : name;
      wire[wireName] = toWire(item, field.type);
    }
    return wire;
  }
  if (isScalarType(type) && DECIMAL_SCALARS.has(type.name) && (typeof value === 'string' || typeof value === 'number')) return BigInt(value);
  return value;
}
