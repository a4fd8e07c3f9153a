import type { CallAuthorizer } from '../auth/call-authorization.js';

/**
 * What link resolvers need from the gateway instance. The per-source concurrency cap is not here:
 * every real call passes the source's own limiter (upstream/resilience), links included.
 */
export interface LinkRuntime {
  recordBatch(link: string, size: number): void;
  /** Refuses a call of a guarded operation for a caller its root field's policies deny. */
  authorizeCall: CallAuthorizer;
}
