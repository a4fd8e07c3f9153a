import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode } from 'graphql';
import { decideConditions, hasConditions } from './conditional-selections.js';
import type { PlexusContext } from '../request-state.js';

/**
 * Decides `@skip`/`@include` before the standard executor runs an operation that has them: it runs
 * on a document where the conditions are already applied (see `decideConditions`). Stitching's
 * delegation merges selections without reading their directives, which got two classes of
 * operations wrong: a key selected twice with a condition on one (`name @skip(if: $v) name`
 * reached the service as the skipped selection alone), and a link's or merge's key field the client
 * selected under a condition that excludes it (`ownerId @skip(if: true) owner { id }` answered
 * `owner: null`, the key never fetched). Operations without conditions run as parsed.
 *
 * Registered before the planner, so that it wraps the standard executor only: the planner decides
 * the conditions itself, and meets such operations only when it leaves them to the standard executor.
 */
export function useConditionalSelections(): Plugin<PlexusContext> {
  const affected = new WeakMap<DocumentNode, boolean>();
  const isAffected = (document: DocumentNode): boolean => {
    let answer = affected.get(document);
    if (answer === undefined) affected.set(document, (answer = hasConditions(document)));
    return answer;
  };

  return {
    onExecute({ args, setExecuteFn, executeFn }) {
      if (!isAffected(args.document)) return;
      setExecuteFn((executionArgs) => {
        const operation = getOperationAST(executionArgs.document, executionArgs.operationName);
        const decided = operation && decideConditions(executionArgs.document, operation, executionArgs.variableValues ?? {});
        return executeFn(decided ? { ...executionArgs, document: decided } : executionArgs);
      });
    },
  };
}
