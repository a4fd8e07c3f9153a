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
