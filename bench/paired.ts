// The gateway against its hand-written aggregator in short alternating rounds. This machine's speed
// drifts by tens of percent within minutes, so a ratio of two runs taken a minute apart measures
// the drift as much as the gateway; rounds a few seconds long, each pair back to back, do not.
import autocannon from 'autocannon';
import { SCENARIOS, type Scenario } from './scenarios.js';

export interface PairedRatio {
  /** The gateway's requests/s over the aggregator's, one per round. */
  rounds: number[];
  median: number;
}

export interface PairOptions {
  rounds: number;
  seconds: number;
  connections: number;
}

export async function pairedRatio(gatewayUrl: string, aggregatorUrl: string, query: string, options: PairOptions): Promise<PairedRatio> {
  const body = JSON.stringify({ query });
  const rate = async (url: string) =>
    (
      await autocannon({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: options.connections,
        duration: options.seconds,
      })
    ).requests.average;
  const rounds: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Who goes first alternates, so a steady drift favours neither.
    const [first, second] = round % 2 === 0 ? [gatewayUrl, aggregatorUrl] : [aggregatorUrl, gatewayUrl];
    const firstRate = await rate(first);
    const secondRate = await rate(second);
    const [gateway, aggregator] = round % 2 === 0 ? [firstRate, secondRate] : [secondRate, firstRate];
    rounds.push(aggregator ? gateway / aggregator : 0);
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { rounds, median };
}

/** Each gateway scenario with the aggregator scenario that answers the same query. */
export function aggregatorPairs(): Array<[Scenario, Scenario]> {
  return SCENARIOS.filter((candidate) => candidate.target && candidate.target !== 'gateway' && candidate.target !== 'standard-gateway').flatMap(
    (aggregator) => {
      const gateway = SCENARIOS.find((candidate) => (candidate.target ?? 'gateway') === 'gateway' && candidate.query === aggregator.query);
      return gateway ? [[gateway, aggregator] as [Scenario, Scenario]] : [];
    },
  );
}

/** For every aggregator row, the gateway's req/s on the same query as a share of the aggregator's. */
export function aggregatorRatios(rows: ReadonlyArray<{ scenario: string; requestsPerSecond: number }>): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const [gatewayScenario, aggregatorScenario] of aggregatorPairs()) {
    const aggregator = rows.find((row) => row.scenario === aggregatorScenario.name);
    const gateway = rows.find((row) => row.scenario === gatewayScenario.name);
    if (aggregator && gateway && aggregator.requestsPerSecond) ratios[gatewayScenario.name] = gateway.requestsPerSecond / aggregator.requestsPerSecond;
  }
  return ratios;
}
