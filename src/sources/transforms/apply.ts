import { createDefaultExecutor } from '@graphql-tools/delegate';
import { getNamedType, validateSchema, type GraphQLSchema } from 'graphql';
import type { TransformsConfig } from '../../config/transforms-config.js';
import { SourceLoadError, type LoadedSource, type SourceOperation } from '../types.js';
import { renameGraphQLSource } from './graphql-source.js';
import { renameLocalSchema } from './local-schema.js';
import { planTransforms, type TransformPlan } from './plan.js';
import type { Locate } from './plan-problems.js';
import { describePlan } from './summary.js';

export interface TransformedSource {
  loaded: LoadedSource;
  /** What the transforms did, for `plexus check`: "renamed 3 types, 5 fields; excluded 2 root fields". */
  summary: string;
}

/**
 * Applies a source's `transforms:` to what its kind loaded: the result has the new names
 * everywhere the gateway looks (schema, operations), and still speaks the service's own names.
 * Throws SourceLoadError with the source.yaml line of the key at fault.
 */
export function applyTransforms(loaded: LoadedSource, config: TransformsConfig, locate: Locate): TransformedSource {
  const plan = planTransforms(loaded.schema, config, locate);
  if (plan.problems.length > 0) throw new SourceLoadError(plan.problems);
  let schema: GraphQLSchema;
  let executor = loaded.executor;
  try {
    if (loaded.local) {
      schema = renameLocalSchema(loaded.schema, plan);
      executor = loaded.executorFor ? loaded.executorFor(schema) : createDefaultExecutor(schema);
    } else {
      ({ schema, executor } = renameGraphQLSource(loaded.schema, loaded.executor, loaded.batch, plan));
    }
  } catch (error) {
    throw new SourceLoadError([locate([], `the transforms cannot be applied: ${error instanceof Error ? error.message : String(error)}`)]);
  }
  const invalid = validateSchema(schema);
  if (invalid.length > 0) throw new SourceLoadError(invalid.map((error) => locate([], `the transforms leave an invalid schema: ${error.message}`)));
  const transformed: LoadedSource = {
    ...loaded,
    schema,
    executor,
    operations: renamedOperations(loaded.schema, loaded.operations, plan),
    // Answers are serialized under the new names by the new schema's types and resolvers.
    serializedResults: false,
  };
  return { loaded: transformed, summary: describePlan(loaded.schema, plan) };
}

/** Operations keep the service's name (links may use it) and point at the renamed root field. */
function renamedOperations(schema: GraphQLSchema, operations: readonly SourceOperation[], plan: TransformPlan): SourceOperation[] {
  const roots = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  return operations.flatMap((operation) => {
    const root = roots[operation.rootType];
    if (!root || plan.removedFields.get(root.name)?.has(operation.field) || plan.removedTypes.has(root.name)) return [];
    const field = plan.fieldNames.get(root.name)?.get(operation.field) ?? operation.field;
    const renamed: SourceOperation = { ...operation, field };
    if (operation.batch) {
      const returned = root.getFields()[operation.field];
      const itemType = returned ? getNamedType(returned.type).name : '';
      renamed.batch = { ...operation.batch, key: plan.fieldNames.get(itemType)?.get(operation.batch.key) ?? operation.batch.key };
    }
    return [renamed];
  });
}
