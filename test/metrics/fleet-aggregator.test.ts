import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createFleetAggregator, type FleetWorker } from '../../src/metrics/fleet-primary.js';
import type { FleetMessage } from '../../src/metrics/fleet-protocol.js';

/** A worker holding a real registry, answering collections through the aggregator like IPC would. */
function worker(id: number, aggregator: () => ReturnType<typeof createFleetAggregator>, requests: number, answers = true): FleetWorker {
  const metrics = createMetrics({ defaultMetrics: false });
  for (let index = 0; index < requests; index++) metrics.graphqlRequests.inc({ status: 'ok' });
  metrics.watchCircuit?.(`shared`, () => (id === 1 ? 'open' : 'closed'));
  return {
    id,
    send(message: FleetMessage) {
      if (!answers || message.plexus !== 'metrics-collect') return;
      void metrics.registry.getMetricsAsJSON().then((json) => aggregator().report(id, { plexus: 'metrics-report', id: message.id, metrics: json }));
    },
  };
}

describe('fleet metrics aggregation', () => {
  it('sums counters and takes the worst breaker state over the workers', async () => {
    const fleet = createFleetAggregator();
    const text = await fleet.collect([worker(1, () => fleet, 3), worker(2, () => fleet, 4)]);
    expect(text).toContain('# plexus: metrics summed over 2 of 2 workers');
    expect(text).toContain('plexus_graphql_requests_total{status="ok"} 7');
    expect(text).toContain('plexus_circuit_breaker_state{source="shared"} 2');
  });

  it('answers without a silent worker and says so', async () => {
    const fleet = createFleetAggregator({ timeoutMs: 200 });
    const text = await fleet.collect([worker(1, () => fleet, 3), worker(2, () => fleet, 4, false)]);
    expect(text).toContain('# plexus: metrics summed over 1 of 2 workers');
    expect(text).toContain('PARTIAL: 1 worker(s) did not answer within 200 ms');
    expect(text).toContain('plexus_graphql_requests_total{status="ok"} 3');
  });
});
