import type { GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { SourceView } from '../sources/source-view.js';
import type { LocalOperation } from '../sources/source-view.js';

/** Points the gateway's Query and Mutation fields of REST and gRPC sources at their local operations. */
export function applyLocalRootFields(schema: GraphQLSchema, views: Iterable<SourceView>): GraphQLSchema {
  const locals = new Map<string, LocalOperation>();
  for (const view of views) for (const [field, operation] of view.locals ?? []) locals.set(field, operation);
  if (locals.size === 0) return schema;
  const subscription = schema.getSubscriptionType()?.name;
  return mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (config, fieldName, typeName) => {
      const operation = typeName === subscription ? undefined : locals.get(fieldName);
      return operation ? { ...config, resolve: (_root, _args, context, info) => operation.callFromRequest(context, info) } : config;
    },
  });
}
