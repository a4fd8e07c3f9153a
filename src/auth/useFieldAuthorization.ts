import type { Plugin } from 'graphql-yoga';
import type { ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import { isAsyncIterable } from '@graphql-tools/utils';
import { planDenials, type DenialPlan } from './deny-fields.js';
import { createPolicyReader, hasPolicies, judge, type PolicyReader } from './field-policies.js';
import type { Identity } from './identity.js';
import { createResultRebuilder } from './rebuild-result.js';
import { deniedError } from './denied-error.js';
import { createSchemaDocumentCache } from '../execution/schema-document-cache.js';
import type { PlexusContext } from '../request-state.js';

/**
 * Enforces `@authenticated` and `@requiresScopes` from schemas/*.graphql. Fields the caller may not
 * read are removed from the operation before it executes (so no source is asked for them), then
 * put back as null with an `UNAUTHENTICATED` (anonymous caller) or `FORBIDDEN` error on each path;
 * the rest of the operation proceeds. A subscription selecting a denied field is refused whole.
 */
export function useFieldAuthorization(): Plugin<PlexusContext> {
  // Undefined: the schema has no policies and operations run untouched.
  const readers = new WeakMap<GraphQLSchema, PolicyReader | undefined>();
  // Keyed by the parsed document (yoga reuses it for the same query text), then by what the caller holds.
  const plans = createSchemaDocumentCache<DenialPlan | undefined>();
  const rebuild = createResultRebuilder();

  const planFor = (args: ExecutionArgs, identity: Identity | undefined): DenialPlan | undefined => {
    if (!readers.has(args.schema)) readers.set(args.schema, hasPolicies(args.schema) ? createPolicyReader(args.schema) : undefined);
    const reader = readers.get(args.schema);
    if (!reader) return undefined;
    return plans.get(args.schema, args.document, callerClass(identity), () =>
      planDenials(args.schema, args.document, (parent, field) => judge(reader(parent, field), identity)),
    );
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const plan = planFor(args, args.contextValue.plexus.identity);
      if (!plan) return;
      setExecuteFn(async (executionArgs) => {
        const result = await executeFn({ ...executionArgs, document: plan.document });
        return isAsyncIterable(result) ? result : rebuild(executionArgs, plan, result as ExecutionResult, deniedError);
      });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const plan = planFor(args, args.contextValue.plexus.identity);
      if (plan) setResultAndStopExecution({ errors: [...new Set(plan.denied.values())].map(deniedError) });
    },
  };
}

/** Callers with the same standing get the same plan. */
function callerClass(identity: Identity | undefined): string {
  return identity ? `token:${[...identity.scopes].sort().join(' ')}` : 'anonymous';
}
