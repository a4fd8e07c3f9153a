import type { GraphQLError, GraphQLSchema } from 'graphql';
import { deniedError } from './denied-error.js';
import { createPolicyReader, hasPolicies, judge, operationRequirement, type PolicyReader } from './field-policies.js';
import { getIdentity } from './identity.js';

/**
 * Whether the gateway may call a Query operation for the caller of this request, when the call is
 * its own doing (an entity merge, root-field batching, a link) rather than a field the client
 * selected: the operation's root field policies apply to every call. Returns the error to put on
 * the paths the call would have served, or undefined.
 */
export type CallAuthorizer = (schema: GraphQLSchema, context: unknown, fieldName: string) => GraphQLError | undefined;

export function createCallAuthorizer(): CallAuthorizer {
  // Null: the schema has no policies and every call is allowed.
  const readers = new WeakMap<GraphQLSchema, PolicyReader | null>();
  return (schema, context, fieldName) => {
    let reader = readers.get(schema);
    if (reader === undefined) readers.set(schema, (reader = hasPolicies(schema) ? createPolicyReader(schema) : null));
    if (!reader) return undefined;
    const verdict = judge(operationRequirement(reader, schema, fieldName), getIdentity(context));
    return verdict && deniedError({ verdict, coordinate: `${schema.getQueryType()!.name}.${fieldName}` });
  };
}
