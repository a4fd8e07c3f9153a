import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isScalarType,
  specifiedScalarTypes,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';

const BUILT_IN = new Set(specifiedScalarTypes.map((type) => type.name));

/**
 * Built-in scalar keys and the built-in argument types they can be passed as. A number becomes a
 * string or an ID without loss, an ID is a string on the wire; an ID may hold a number (`/users/42`),
 * so it is trusted into Int as well. Anything else (a Boolean into a String, a String into an Int,
 * a Float into an Int) fails on every call.
 */
const ACCEPTS: Record<string, readonly string[]> = {
  String: ['String', 'ID'],
  ID: ['ID', 'String', 'Int'],
  Int: ['Int', 'Float', 'ID', 'String'],
  Float: ['Float'],
  Boolean: ['Boolean'],
};

/**
 * Why values of the key field cannot be passed as the argument, or undefined when they can (or
 * when nothing certain can be said: a custom scalar such as `Long` or `DateTime` may hold either).
 * A batch argument takes a list of keys, so its item type is what one key must fit.
 */
export function keyMismatch(keyType: GraphQLOutputType, argumentType: GraphQLInputType, batch: boolean): string | undefined {
  if (isListType(getNullableType(keyType))) return 'a key is one value, not a list';
  const argument = batch ? itemTypeOf(argumentType) : argumentType;
  if (argument === undefined || isListType(getNullableType(argument))) return batch ? 'its items are lists' : undefined;
  const key = getNamedType(keyType);
  const target = getNamedType(argument);
  if (key.name === target.name) return undefined;
  const keyKind = isEnumType(key) ? 'enum' : isScalarType(key) && BUILT_IN.has(key.name) ? key.name : undefined;
  const targetKind = isEnumType(target) ? 'enum' : isScalarType(target) && BUILT_IN.has(target.name) ? target.name : undefined;
  if (keyKind === undefined || targetKind === undefined) return undefined;
  // An enum is its value's name on the wire; a string may or may not be one of another enum's values.
  if (keyKind === 'enum') return ['String', 'ID', 'enum'].includes(targetKind) ? undefined : 'an enum value is a name';
  if (targetKind === 'enum') return keyKind === 'String' || keyKind === 'ID' ? undefined : `a ${keyKind} is never one of its values`;
  return ACCEPTS[keyKind]!.includes(targetKind) ? undefined : `a ${keyKind} cannot be passed as ${targetKind}`;
}

function itemTypeOf(type: GraphQLInputType): GraphQLInputType | undefined {
  const list = getNullableType(type);
  return isListType(list) ? (list.ofType as GraphQLInputType) : undefined;
}
