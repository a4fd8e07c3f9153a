import type { ExecutionResult } from 'graphql';

// How a client asks for its operation's plan, and where the answer carries it. Shared by the
// planned executor, which writes the plan, and the response cache, which must never store it.

/** The request header that asks for the plan: `1` or `true`. */
export const PLAN_HEADER = 'x-plexus-plan';
/** The key of `extensions` that holds the plan's description. */
export const PLAN_EXTENSION = 'plan';

/** Whether the request behind a GraphQL context asks for its plan. */
export function asksForPlan(context: unknown): boolean {
  const value = (context as { request?: Request } | undefined)?.request?.headers.get(PLAN_HEADER)?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

/** Whether a result carries a plan: such a result belongs to its own request and is never cached. */
export function carriesPlan(result: ExecutionResult): boolean {
  return result.extensions?.[PLAN_EXTENSION] !== undefined;
}
