import type { Registry } from 'prom-client';

/** One registry's metrics as `getMetricsAsJSON` gives them: what travels over IPC. */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/**
 * The messages of fleet metrics between a cluster's primary and its workers (over node:cluster's
 * IPC channel). A worker answering GET /metrics asks the primary (`ask`), the primary collects every
 * worker's registry (`collect` / `report`) and answers with the aggregate (`answer`).
 */
export type FleetMessage =
  | { plexus: 'metrics-ask'; id: number }
  | { plexus: 'metrics-answer'; id: number; text: string }
  | { plexus: 'metrics-collect'; id: number }
  | { plexus: 'metrics-report'; id: number; metrics: MetricsJson };

export function isFleetMessage(message: unknown): message is FleetMessage {
  if (message === null || typeof message !== 'object') return false;
  const { plexus, id } = message as { plexus?: unknown; id?: unknown };
  return typeof plexus === 'string' && plexus.startsWith('metrics-') && typeof id === 'number';
}
