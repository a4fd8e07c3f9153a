import { requestStateOf, type RequestStats } from '../request-state.js';

export type { RequestStats };

/** The upstream calls of a request so far; zero for a context that is not a gateway request. */
export function requestStats(context: object): RequestStats {
  return requestStateOf(context)?.stats ?? { upstreamCalls: 0, bySource: new Map() };
}

export function countUpstreamCall(context: unknown, source: string): void {
  const stats = requestStateOf(context)?.stats;
  if (!stats) return;
  stats.upstreamCalls++;
  stats.bySource.set(source, (stats.bySource.get(source) ?? 0) + 1);
}
