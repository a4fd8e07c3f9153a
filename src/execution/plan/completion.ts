import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLAbstractType,
  type GraphQLLeafType,
  type GraphQLOutputType,
} from 'graphql';

// How a field's values are completed, read off its type once when the plan is made. graphql-js's
// type predicates are `instanceof` checks that, outside NODE_ENV=production, walk the prototype
// chain again on every miss; asked for every value of a large answer they cost about as much as the
// rest of the assembly.

export const NON_NULL = 0;
export const LIST = 1;
export const LEAF = 2;
export const ABSTRACT = 3;
export const OBJECT = 4;

export type Completion =
  | { kind: typeof NON_NULL; of: Completion }
  | { kind: typeof LIST; of: Completion }
  | { kind: typeof LEAF; type: GraphQLLeafType; accepts: (raw: unknown) => boolean }
  | { kind: typeof ABSTRACT; type: GraphQLAbstractType }
  | { kind: typeof OBJECT; typeName: string };

export function completionOf(type: GraphQLOutputType): Completion {
  if (isNonNullType(type)) return { kind: NON_NULL, of: completionOf(type.ofType) };
  if (isListType(type)) return { kind: LIST, of: completionOf(type.ofType) };
  if (isLeafType(type)) return { kind: LEAF, type, accepts: ALREADY_SERIALIZED.get(type) ?? never };
  if (isAbstractType(type)) return { kind: ABSTRACT, type };
  return { kind: OBJECT, typeName: type.name };
}

/**
 * Raw values the built-in scalars would serialize to themselves: those are written as they are,
 * anything else goes through `serialize` (and its errors).
 */
const ALREADY_SERIALIZED = new Map<GraphQLLeafType, (raw: unknown) => boolean>([
  [GraphQLString, (raw) => typeof raw === 'string'],
  [GraphQLID, (raw) => typeof raw === 'string'],
  [GraphQLBoolean, (raw) => typeof raw === 'boolean'],
  [GraphQLFloat, (raw) => typeof raw === 'number' && Number.isFinite(raw)],
  [GraphQLInt, (raw) => typeof raw === 'number' && Number.isInteger(raw) && raw <= 2147483647 && raw >= -2147483648],
]);

const never = (): boolean => false;
