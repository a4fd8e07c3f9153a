import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode } from 'graphql';
import { conditionalDuplicate, decideConditions } from '../execution/conditional-selections.js';

/**
 * Decides `@skip`/`@include` before execution for operations that select one response key more
 * than once with a condition on one of them (`name @skip(if: $v) name`): such an operation runs on
 * a document where the conditions are already applied (see `decideConditions`), so delegation to
 * a GraphQL source cannot keep a skipped selection in place of its twin. Every other document runs
 * as parsed.
 *
 * Registered before the planner, so that it wraps the standard executor only: the planner decides
 * the conditions itself, and meets such operations only when it leaves them to the standard executor.
 */
export function useConditionalSelections(): Plugin {
  const affected = new WeakMap<DocumentNode, Map<string, boolean>>();
  const isAffected = (document: DocumentNode, operationName: string | null | undefined): boolean => {
    let byName = affected.get(document);
    if (!byName) affected.set(document, (byName = new Map()));
    const name = operationName ?? '';
    let answer = byName.get(name);
    if (answer === undefined) {
      const operation = getOperationAST(document, operationName);
      answer = operation != null && conditionalDuplicate(document, operation) !== undefined;
      byName.set(name, answer);
    }
    return answer;
  };

  return {
    onExecute({ args, setExecuteFn, executeFn }) {
      if (!isAffected(args.document, args.operationName)) return;
      setExecuteFn((executionArgs) => {
        const operation = getOperationAST(executionArgs.document, executionArgs.operationName);
        const decided = operation && decideConditions(executionArgs.document, operation, executionArgs.variableValues ?? {});
        return executeFn(decided ? { ...executionArgs, document: decided } : executionArgs);
      });
    },
  };
}
