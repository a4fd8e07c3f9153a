/** What the benchmark sends. Each scenario is one GraphQL document, sent as POST JSON. */
export interface Scenario {
  name: string;
  /** `gateway` by default; `aggregator` for the hand-written baseline. */
  target?: 'gateway' | 'aggregator';
  query: string;
}

export const FAN_OUT = '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }';

export const SCENARIOS: Scenario[] = [
  { name: 'single-source', query: '{ products(first: 20) { id name price reviews { rating body } } }' },
  { name: 'fan-out', query: FAN_OUT },
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
  { name: 'fan-out (hand-written aggregator)', target: 'aggregator', query: FAN_OUT },
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
}

export const CACHED_SCENARIOS: CachedScenario[] = [
  { name: 'fan-out (memory cache hit)', target: 'cached-gateway', query: FAN_OUT, gatewayEnv: { PLEXUS_CACHE_TTL: '1h' } },
  { name: 'fan-out (Redis cache hit)', target: 'cached-gateway', query: FAN_OUT, gatewayEnv: { PLEXUS_CACHE_TTL: '1h', PLEXUS_CACHE_STORE: 'redis' } },
  { name: 'fan-out bytes (bare Node.js server)', target: 'static', query: FAN_OUT, gatewayEnv: {} },
];
