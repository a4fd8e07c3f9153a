import type { GraphQLSchema } from 'graphql';
import type { Executor } from '@graphql-tools/utils';
import { createDefaultExecutor, type Transform } from '@graphql-tools/delegate';
import {
  FilterInterfaceFields,
  FilterObjectFields,
  FilterTypes,
  RenameInputObjectFields,
  RenameInterfaceFields,
  RenameObjectFields,
  RenameTypes,
  TransformEnumValues,
  wrapSchema,
} from '@graphql-tools/wrap';
import type { TransformPlan } from './plan.js';

/**
 * A GraphQL source in the new names. The service is sent documents in its own names: graphql-tools'
 * transforms rewrite each request (fields back to their names under the client's response keys,
 * type conditions, variable types, input fields, enum values) and each answer (`__typename`, enum
 * values), through a schema that delegates to the source's executor. Root fields of one request
 * still travel in one upstream request when the source batches.
 */
export function renameGraphQLSource(
  schema: GraphQLSchema,
  executor: Executor,
  batch: boolean,
  plan: TransformPlan,
): { schema: GraphQLSchema; executor: Executor } {
  const transforms: Transform[] = [];
  const kept = (typeName: string, fieldName: string) => !plan.removedFields.get(typeName)?.has(fieldName);
  if (plan.removedFields.size > 0) transforms.push(new FilterObjectFields(kept), new FilterInterfaceFields(kept));
  if (plan.removedTypes.size > 0) transforms.push(new FilterTypes((type) => !plan.removedTypes.has(type.name)));
  const fieldName = (typeName: string, field: string) => plan.fieldNames.get(typeName)?.get(field) ?? field;
  if (plan.fieldNames.size > 0)
    transforms.push(new RenameObjectFields(fieldName), new RenameInterfaceFields(fieldName), new RenameInputObjectFields(fieldName));
  if (plan.enumValues.size > 0) {
    transforms.push(
      new TransformEnumValues((typeName, value, config) => {
        const renamed = plan.enumValues.get(typeName)?.get(value);
        return renamed === undefined ? undefined : [renamed, config];
      }),
    );
  }
  // Last, so that the transforms above see the source's own type names.
  if (plan.typeNames.size > 0) transforms.push(new RenameTypes((name) => plan.typeNames.get(name) ?? name));
  const wrapped = wrapSchema({ schema, executor, batch, transforms });
  return { schema: wrapped, executor: createDefaultExecutor(wrapped) };
}
