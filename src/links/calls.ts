import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { withCalls } from '../auth/operation-calls.js';
import type { LinkPlan } from './plan.js';

/**
 * Writes on the gateway schema the operation each link field calls and those each merged type may
 * call, so that the policies on those operations' root fields guard the links and merges too.
 */
export function markCalls(schema: GraphQLSchema, plan: LinkPlan): GraphQLSchema {
  const byField = new Map(plan.links.map((link) => [link.id, [link.target.fieldName]]));
  if (byField.size === 0 && plan.mergeCalls.size === 0) return schema;
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const calls = plan.mergeCalls.get(type.name);
      if (!calls) return type;
      const config = type.toConfig();
      return new GraphQLObjectType({ ...config, extensions: withCalls(config.extensions, calls) });
    },
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const calls = byField.get(`${typeName}.${fieldName}`);
      return calls ? { ...config, extensions: withCalls(config.extensions, calls) } : config;
    },
  });
}
