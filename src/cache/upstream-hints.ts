import CachePolicy from 'http-cache-semantics';

/** What a service's own caching headers said about one field's data. */
export interface UpstreamHint {
  /** `Type.field` of the field whose resolver made the call. */
  coordinate: string;
  /** How long the answer may be reused, in milliseconds; 0 for `no-store`, `no-cache`, `private`. */
  ttl: number;
}

// Keyed by the GraphQL context of the request, so hints never outlive or cross requests.
const hintsByContext = new WeakMap<object, UpstreamHint[]>();

/**
 * Records the caching headers of a REST answer (`Cache-Control`, `Expires`) for the response cache.
 * An answer without either says nothing and records nothing. Freshness is judged as a shared cache
 * would (http-cache-semantics): `private`, `no-store` and `no-cache` give 0, `s-maxage` wins over
 * `max-age`, `Age` is subtracted.
 */
export function reportUpstreamCaching(context: unknown, coordinate: string, answer: { status: number; headers: Record<string, string | string[] | undefined> }): void {
  if (context === null || typeof context !== 'object') return;
  const { headers } = answer;
  if (headers['cache-control'] === undefined && headers['expires'] === undefined) return;
  // The request is described without its headers: who may see the data is the gateway's concern (scopes).
  const policy = new CachePolicy({ method: 'GET', url: '/', headers: {} }, { status: answer.status, headers }, { shared: true, cacheHeuristic: 0, immutableMinTimeToLive: 0 });
  const ttl = policy.storable() ? Math.max(0, policy.timeToLive()) : 0;
  let hints = hintsByContext.get(context);
  if (!hints) hintsByContext.set(context, (hints = []));
  hints.push({ coordinate, ttl });
}

export function upstreamHints(context: unknown): readonly UpstreamHint[] {
  return (context !== null && typeof context === 'object' && hintsByContext.get(context)) || [];
}
