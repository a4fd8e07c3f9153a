import type { Plugin } from 'graphql-yoga';
import type { RedisBudgetContext } from './budget.js';
import type { RedisGuard } from './guard.js';
import type { PlexusContext } from '../request-state.js';

export interface RedisBudgetOptions {
  /** The gateway's Redis guard, which hands out budgets. */
  guard: RedisGuard;
}

/**
 * Gives each request one budget of Redis waiting, on the server context: every operation of the
 * request (a batch has several) reads it there, so its rate limit and cache calls share one wait.
 * Read it with `redisBudgetOf(context)`.
 */
export function useRedisBudget({ guard }: RedisBudgetOptions): Plugin<PlexusContext, RedisBudgetContext> {
  return {
    onRequest({ serverContext }) {
      serverContext.redisBudget = guard.budget();
    },
  };
}
