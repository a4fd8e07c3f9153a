import CachePolicy from 'http-cache-semantics';
import { requestStateOf, type UpstreamHint } from '../request-state.js';

export type { UpstreamHint };

/**
 * Records the caching headers of a REST answer (`Cache-Control`, `Expires`) for the response cache.
 * An answer without either says nothing and records nothing. Freshness is judged as a shared cache
 * would (http-cache-semantics): `private`, `no-store` and `no-cache` give 0, `s-maxage` wins over
 * `max-age`, `Age` is subtracted.
 */
export function reportUpstreamCaching(
  context: unknown,
  coordinate: string,
  answer: { status: number; headers: Record<string, string | string[] | undefined> },
): void {
  const hints = requestStateOf(context)?.hints;
  if (!hints) return;
  const { headers } = answer;
  if (headers['cache-control'] === undefined && headers['expires'] === undefined) return;
  // The request is described without its headers: who may see the data is the gateway's concern (scopes).
  const policy = new CachePolicy(
    { method: 'GET', url: '/', headers: {} },
    { status: answer.status, headers },
    { shared: true, cacheHeuristic: 0, immutableMinTimeToLive: 0 },
  );
  const ttl = policy.storable() ? Math.max(0, policy.timeToLive()) : 0;
  hints.push({ coordinate, ttl });
}

export function upstreamHints(context: unknown): readonly UpstreamHint[] {
  return requestStateOf(context)?.hints ?? [];
}
