/** What the benchmark sends. Each scenario is one GraphQL document, sent as POST JSON. */
export interface Scenario {
  name: string;
  /**
   * `gateway` by default; `standard-gateway` is the same build with the query planner off
   * (`PLEXUS_PLANNER=false`), the executor before the planner; otherwise the hand-written
   * aggregator that answers this query.
   */
  target?: 'gateway' | 'standard-gateway' | AggregatorName;
  query: string;
  /** Sent as `Accept-Encoding`, so the answer comes compressed; none by default. */
  acceptEncoding?: string;
}

/** The hand-written aggregators, each in its own process: `bench/<name>.ts`. */
export const AGGREGATORS = ['aggregator', 'aggregator-mixed'] as const;
export type AggregatorName = (typeof AGGREGATORS)[number];

export const SINGLE_SOURCE = '{ products(first: 20) { id name price reviews { rating body } } }';

export const FAN_OUT = '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }';

/**
 * Every kind of parent at once: two aliased `user` lookups (user "3" is also in the list, user
 * "42" is not), a list of 20 users, and two root fields of the products service, sharing named
 * fragments down to each order's product. Ideal: users 2 calls (one usersByIds batch for both
 * lookups, one list), orders 1, products 2 (one productsByIds for every order, one document with
 * both root fields).
 */
export const MIXED = `query Mixed {
  first: user(id: "3") { ...Person }
  second: user(id: "42") { ...Person }
  page: users(limit: 20) { ...Person }
  catalogue: products(first: 5) { ...Item }
  top: product(id: "7") { ...Item }
}
fragment Person on User { id name orders { ...Purchase } }
fragment Purchase on Order { id status total product { ...Item } }
fragment Item on Product { id name price }`;

export const SCENARIOS: Scenario[] = [
  { name: 'single-source', query: SINGLE_SOURCE },
  { name: 'fan-out', query: FAN_OUT },
  { name: 'fan-out (gzip)', query: FAN_OUT, acceptEncoding: 'gzip' },
  { name: 'fan-out (br)', query: FAN_OUT, acceptEncoding: 'br' },
  {
    name: 'aliases-fragments',
    query: `query Mixed {
  first: user(id: "1") { ...Person }
  second: user(id: "2") { ...Person }
  third: user(id: "3") { ...Person }
  catalogue: products(first: 5) { ...Item }
  top: product(id: "7") { ...Item }
}
fragment Person on User { id name orders { id status product { ...Item } } }
fragment Item on Product { id name price }`,
  },
  { name: 'mixed', query: MIXED },
  { name: 'single-source (standard executor)', target: 'standard-gateway', query: SINGLE_SOURCE },
  { name: 'fan-out (standard executor)', target: 'standard-gateway', query: FAN_OUT },
  { name: 'mixed (standard executor)', target: 'standard-gateway', query: MIXED },
  { name: 'fan-out (hand-written aggregator)', target: 'aggregator', query: FAN_OUT },
  { name: 'mixed (hand-written aggregator)', target: 'aggregator-mixed', query: MIXED },
];

/**
 * Scenarios that need a process of their own: the fan-out answered from a cached gateway (started
 * with `gatewayEnv` on top of the demo environment, warmed by one request), and the same bytes from
 * a bare Node.js HTTP server (bench/static-server.ts), the ceiling a cache hit is measured against.
 */
export interface CachedScenario {
  name: string;
  target: 'cached-gateway' | 'static';
  query: string;
  /** Environment of the gateway process; a Redis scenario also needs REDIS_URL and a fresh PLEXUS_CACHE_KEY_PREFIX. */
  gatewayEnv: Record<string, string>;
  acceptEncoding?: string;
}

export const CACHED_SCENARIOS: CachedScenario[] = [
  { name: 'fan-out (memory cache hit)', target: 'cached-gateway', query: FAN_OUT, gatewayEnv: { PLEXUS_CACHE_TTL: '1h' } },
  { name: 'fan-out (memory cache hit, gzip)', target: 'cached-gateway', query: FAN_OUT, gatewayEnv: { PLEXUS_CACHE_TTL: '1h' }, acceptEncoding: 'gzip' },
  { name: 'fan-out (Redis cache hit)', target: 'cached-gateway', query: FAN_OUT, gatewayEnv: { PLEXUS_CACHE_TTL: '1h', PLEXUS_CACHE_STORE: 'redis' } },
  { name: 'fan-out bytes (bare Node.js server)', target: 'static', query: FAN_OUT, gatewayEnv: {} },
];
