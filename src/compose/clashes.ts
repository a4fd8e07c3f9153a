import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Problem } from '../config/problems.js';

export interface NamedSchema {
  name: string;
  /** The schema as it will appear in the gateway (prefix applied). */
  schema: GraphQLSchema;
  /** Where to point the user: the source's `source.yaml`. */
  file: string;
}

/**
 * Finds names two sources both claim: a type defined differently, or the same root field.
 * Identical types (a shared `PageInfo`, a `DateTime` scalar) are fine and merge.
 * Types in `merged` are declared entities and are allowed to differ.
 */
export function findClashes(schemas: readonly NamedSchema[], merged: ReadonlySet<string> = new Set()): Problem[] {
  const problems: Problem[] = [];
  const typeOwners = new Map<string, { source: string; signature: string }>();
  const rootOwners = new Map<string, string>();
  for (const { name, schema, file } of schemas) {
    const roots = rootTypes(schema);
    const isRoot = (type: GraphQLNamedType) => [...roots.values()].includes(type as GraphQLObjectType);
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type) || isRoot(type) || merged.has(type.name)) continue;
      const signature = signatureOf(type);
      const owner = typeOwners.get(type.name);
      if (!owner) typeOwners.set(type.name, { source: name, signature });
      else if (owner.signature !== signature) {
        problems.push({
          file,
          message: `type "${type.name}" is also defined, differently, by source "${owner.source}"; set "prefix" in one of the two source.yaml files, or declare the type as one entity in schemas/`,
        });
      }
    }
    for (const [operation, root] of roots.entries()) {
      for (const field of Object.keys(root.getFields())) {
        const key = `${operation}.${field}`;
        const owner = rootOwners.get(key);
        if (!owner) rootOwners.set(key, name);
        else {
          problems.push({
            file,
            message: `root field ${operation}.${field} is also defined by source "${owner}"; set "prefix" in one of the two source.yaml files`,
          });
        }
      }
    }
  }
  return problems;
}

function rootTypes(schema: GraphQLSchema): Map<string, GraphQLObjectType> {
  const roots = new Map<string, GraphQLObjectType>();
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) roots.set('Query', query);
  if (mutation) roots.set('Mutation', mutation);
  if (subscription) roots.set('Subscription', subscription);
  return roots;
}

/** A description-free shape of a type, equal for two definitions that can stand for each other. */
function signatureOf(type: GraphQLNamedType): string {
  if (isScalarType(type)) return 'scalar';
  if (isEnumType(type))
    return `enum ${type
      .getValues()
      .map((value) => value.name)
      .sort()
      .join(' ')}`;
  if (isUnionType(type))
    return `union ${type
      .getTypes()
      .map((member) => member.name)
      .sort()
      .join(' ')}`;
  if (isObjectType(type) || isInterfaceType(type)) {
    const fields = Object.values(type.getFields()).map(
      (field) =>
        `${field.name}(${field.args
          .map((arg) => `${arg.name}:${arg.type}`)
          .sort()
          .join(',')}):${field.type}`,
    );
    const interfaces = type
      .getInterfaces()
      .map((item) => item.name)
      .sort();
    return `${isObjectType(type) ? 'type' : 'interface'} ${interfaces.join('&')} {${fields.sort().join(' ')}}`;
  }
  if (isInputObjectType(type)) {
    return `input {${Object.values(type.getFields())
      .map((field) => `${field.name}:${field.type}`)
      .sort()
      .join(' ')}}`;
  }
  return 'unknown';
}
