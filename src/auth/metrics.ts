import { Counter, type Registry } from 'prom-client';

/** The auth feature's Prometheus metrics. */
export interface AuthMetrics {
  /** Requests refused by the auth plugin, by reason (see RejectionReason). */
  authRejected: Counter<'reason'>;
}

export function createAuthMetrics(registry: Registry): AuthMetrics {
  return {
    authRejected: new Counter({
      name: 'plexus_auth_rejected_total',
      help: 'Requests refused with 401 by token verification, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}
