import { getNamedType, isObjectType, type GraphQLField } from 'graphql';
import { isLosslessNumber } from 'lossless-json';
import type { LoadedSource } from '../../src/sources/types.js';
import { operationName, type MockOperation, type MockRequest } from './openapi-mock.js';
import { pathMatches } from './openapi-mock-routing.js';

/**
 * A root field that fetches one item by key is resolved through the source's batch operation
 * (`x-plexus-batch`) when one returns its type by the same key: the mock then answers a list, and
 * the gateway's value is the item of that list holding the key asked for, or null. Returns how to
 * read the expected value from such a call, or undefined when the call was the operation's own.
 */
export function batchedExpectation(
  source: LoadedSource,
  operations: MockOperation[],
  field: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
  call: MockRequest,
): ((answer: unknown) => unknown) | undefined {
  const path = new URL(call.url, 'http://mock').pathname;
  const batch = source.operations.find((operation) => operation.batch && operation.batch.key in variables && routes(operations, operation.name, path));
  const itemType = getNamedType(field.type);
  if (!batch?.batch || !isObjectType(itemType)) return undefined;
  const keyField = itemType.getFields()[batch.batch.key];
  const wireKey = typeof keyField?.extensions['wireName'] === 'string' ? keyField.extensions['wireName'] : batch.batch.key;
  const wanted = String(variables[batch.batch.key]);
  return (answer) => {
    if (!Array.isArray(answer)) return answer;
    return answer.find((item) => item !== null && typeof item === 'object' && keyText((item as Record<string, unknown>)[wireKey]) === wanted) ?? null;
  };
}

function keyText(value: unknown): string {
  return isLosslessNumber(value) ? value.value : String(value);
}

/** Whether `path` is the path of the operation named `name`. */
function routes(operations: MockOperation[], name: string, path: string): boolean {
  const operation = operations.find((candidate) => operationName(candidate) === name);
  return operation !== undefined && pathMatches(operation.path, path);
}
