import { Counter, type Registry } from 'prom-client';

/** The execution engine's Prometheus metrics. */
export interface ExecutionMetrics {
  /** Plans looked up for an operation: `hit` (reused), `miss` (planned now), `unplanned` (left to the standard executor). */
  queryPlans: Counter<'result'>;
}

export function createExecutionMetrics(registry: Registry): ExecutionMetrics {
  return {
    queryPlans: new Counter({
      name: 'plexus_query_plans_total',
      help: 'Query plans looked up, by result: hit (reused from the plan cache), miss (planned now), unplanned (run on the standard executor)',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
