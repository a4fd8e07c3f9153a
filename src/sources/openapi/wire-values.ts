import { isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';

/**
 * Turns an argument value into the value the service expects: input-object fields are renamed
 * back to the property names of the document. Enum values need nothing: graphql-js already hands
 * over the wire text as their internal value; BigInt arguments stay bigints until serialised.
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
  return value;
}
