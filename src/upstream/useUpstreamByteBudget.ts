import type { Plugin } from 'graphql-yoga';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { ByteBudget } from './byte-budget.js';
import type { PlexusContext } from '../request-state.js';

export interface UpstreamByteBudgetOptions {
  /** The gateway's budget of upstream answer bytes held at once. */
  budget: ByteBudget;
}

/**
 * Makes every operation hold the upstream answer bytes its calls read until it has its result,
 * and give them back then: a query or mutation when it is executed, a stream (subscription,
 * incremental delivery) after each of its results and for good when it ends.
 */
export function useUpstreamByteBudget({ budget }: UpstreamByteBudgetOptions): Plugin<PlexusContext> {
  const streamHooks = (context: object) => ({
    onNext: () => budget.release(context, false),
    onEnd: () => budget.release(context, true),
  });
  return {
    onExecute({ args }) {
      const context = args.contextValue as object;
      budget.hold(context);
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return streamHooks(context);
          budget.release(context, true);
          return undefined;
        },
      };
    },
    onSubscribe({ args }) {
      const context = args.contextValue as object;
      budget.hold(context);
      return {
        onSubscribeResult: ({ result }) => {
          if (isAsyncIterable(result)) return streamHooks(context);
          budget.release(context, true);
          return undefined;
        },
        onSubscribeError: () => budget.release(context, true),
      };
    },
  };
}
