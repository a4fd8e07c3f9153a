import { describe, expect, it } from 'vitest';
import { createReadiness, type ReadinessTarget } from '../../src/readiness/readiness.js';
import type { CircuitState } from '../../src/upstream/resilience/breaker.js';

function target(name: string, circuit: CircuitState | undefined, answers = true): ReadinessTarget & { probes: number } {
  const probed = {
    name,
    probes: 0,
    async probe() {
      probed.probes++;
      if (!answers) throw new Error('connection refused');
    },
    circuit: () => circuit,
  };
  return probed;
}

describe('readiness and circuit breakers', () => {
  it('reports each breaker; an open one makes its source not ready, though the probe still runs and answers', async () => {
    const open = target('a', 'open');
    const readiness = createReadiness({
      sources: () => [open, target('b', 'half-open'), target('c', 'closed'), target('d', undefined)],
      timeoutMs: 1000,
      cacheTtlMs: 0,
    });
    const report = await readiness.check();
    expect(report.ready).toBe(false);
    expect(report.sources).toEqual([
      { source: 'a', ready: false, error: 'circuit breaker is open: calls fail fast', circuit: 'open' },
      { source: 'b', ready: true, circuit: 'half-open' },
      { source: 'c', ready: true, circuit: 'closed' },
      { source: 'd', ready: true },
    ]);
    expect(open.probes).toBe(1);
  });

  it("keeps the probe's own reason when the service does not answer either", async () => {
    const report = await createReadiness({ sources: () => [target('a', 'open', false)], timeoutMs: 1000, cacheTtlMs: 0 }).check();
    expect(report.sources).toEqual([{ source: 'a', ready: false, error: 'connection refused', circuit: 'open' }]);
  });
});
