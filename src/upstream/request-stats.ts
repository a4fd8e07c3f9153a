/** Upstream calls made on behalf of one GraphQL request, for logs and the per-request histogram. */
export interface RequestStats {
  upstreamCalls: number;
  bySource: Map<string, number>;
}

// Keyed by the request context object so that nothing outlives the request.
const statsByContext = new WeakMap<object, RequestStats>();

export function requestStats(context: object): RequestStats {
  let stats = statsByContext.get(context);
  if (!stats) {
    stats = { upstreamCalls: 0, bySource: new Map() };
    statsByContext.set(context, stats);
  }
  return stats;
}

export function countUpstreamCall(context: unknown, source: string): void {
  if (context === null || typeof context !== 'object') return;
  const stats = requestStats(context);
  stats.upstreamCalls++;
  stats.bySource.set(source, (stats.bySource.get(source) ?? 0) + 1);
}
