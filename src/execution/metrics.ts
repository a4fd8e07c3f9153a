import { Counter, Gauge, type Registry } from 'prom-client';

/** What the admission gauges read: operations running, waiting, and the cap between them. */
export interface AdmissionState {
  readonly running: number;
  readonly waiting: number;
  readonly limit: number;
}

/** The execution engine's Prometheus metrics. */
export interface ExecutionMetrics {
  /** Plans looked up for an operation: `hit` (reused), `miss` (planned now), `unplanned` (left to the standard executor). */
  queryPlans: Counter<'result'>;
  /** Reads the admission gauges from `state` when the metrics are scraped. */
  watchAdmission(state: () => AdmissionState): void;
}

export function createExecutionMetrics(registry: Registry): ExecutionMetrics {
  let admission: (() => AdmissionState) | undefined;
  const gauge = (name: string, help: string, read: (state: AdmissionState) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (admission) this.set(read(admission()));
      },
    });
  gauge('plexus_operations_running', 'GraphQL operations the process works on now', (state) => state.running);
  gauge('plexus_operations_waiting', 'GraphQL operations waiting for their turn (execution.concurrency)', (state) => state.waiting);
  gauge('plexus_operations_limit', 'Operations the process works on at once before others wait (-1: no cap)', (state) =>
    Number.isFinite(state.limit) ? state.limit : -1,
  );
  return {
    queryPlans: new Counter({
      name: 'plexus_query_plans_total',
      help: 'Query plans looked up, by result: hit (reused from the plan cache), miss (planned now), unplanned (run on the standard executor)',
      labelNames: ['result'],
      registers: [registry],
    }),
    watchAdmission(state) {
      admission = state;
    },
  };
}
