import { GraphQLEnumType, type GraphQLEnumValueConfigMap } from 'graphql';
import type { SchemaObject } from '../document.js';
import { UniqueNames, enumValueName } from '../names.js';
import type { MappingContext } from './context.js';

/**
 * A string enum as a GraphQL enum. Each value gets a valid GraphQL name (`in-progress` →
 * `in_progress`) and keeps the service's text as its internal value, so graphql-js turns a name
 * into the wire value for arguments and the wire value into a name for results.
 */
export function enumType(context: MappingContext, source: SchemaObject, values: readonly string[], contextName: string): GraphQLEnumType {
  const cached = context.enumTypes.get(source);
  if (cached) return cached;
  const names = new UniqueNames();
  const config: GraphQLEnumValueConfigMap = {};
  for (const value of new Set(values)) {
    const name = names.claim(enumValueName(value));
    config[name] = { value, ...(name !== value && { description: `The service's value: \`${value}\`.` }) };
  }
  const type = new GraphQLEnumType({
    name: context.outputName(source, contextName),
    ...(typeof source.description === 'string' && { description: source.description }),
    values: config,
  });
  context.enumTypes.set(source, type);
  return type;
}
