import { getNamedType, getNullableType, isListType, isObjectType, type GraphQLOutputType } from 'graphql';
import type { SourceOperation } from '../types.js';
import { isRecord, type OperationObject } from './document.js';
import type { ParameterPlan } from './parameters.js';

/** The operation extension that marks a batch lookup: `x-plexus-batch: { argument: ids, key: id }`. */
export const BATCH_EXTENSION = 'x-plexus-batch';

/**
 * Reads `x-plexus-batch`: `argument` names the list parameter that carries the keys, `key` the
 * property of each returned item that holds its key. Both may be given as the service spells them
 * or as their GraphQL names; the result uses the GraphQL names.
 */
export function batchOf(
  operation: OperationObject,
  parameters: readonly ParameterPlan[],
  output: GraphQLOutputType,
  warn: (message: string) => void,
): SourceOperation['batch'] | undefined {
  const extension = operation[BATCH_EXTENSION];
  if (extension === undefined) return undefined;
  if (!isRecord(extension) || typeof extension['argument'] !== 'string' || typeof extension['key'] !== 'string') {
    warn(`${BATCH_EXTENSION} ignored: expected { argument: <parameter>, key: <property> }`);
    return undefined;
  }
  const { argument, key } = extension as { argument: string; key: string };
  const parameter = parameters.find((candidate) => candidate.name === argument || candidate.argument === argument);
  if (!parameter) {
    warn(`${BATCH_EXTENSION} ignored: the operation has no parameter "${argument}"`);
    return undefined;
  }
  if (!isListType(getNullableType(parameter.type))) {
    warn(`${BATCH_EXTENSION} ignored: parameter "${argument}" is not a list`);
    return undefined;
  }
  const item = getNamedType(output);
  const fields = isListType(getNullableType(output)) && isObjectType(item) ? Object.values(item.getFields()) : [];
  const field = fields.find((candidate) => candidate.extensions['wireName'] === key) ?? fields.find((candidate) => candidate.name === key);
  if (!field) {
    warn(`${BATCH_EXTENSION} ignored: the operation does not return a list of objects with a "${key}" property`);
    return undefined;
  }
  return { argument: parameter.argument, key: field.name };
}
