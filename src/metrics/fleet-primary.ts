import { AggregatorRegistry } from 'prom-client';
import type { FleetMessage, MetricsJson } from './fleet-protocol.js';

/** A worker as the primary reaches it. */
export interface FleetWorker {
  id: number;
  send(message: FleetMessage): void;
}

export interface FleetAggregator {
  /** Collects every worker's metrics and resolves with their aggregate in the Prometheus text format. */
  collect(workers: readonly FleetWorker[]): Promise<string>;
  /** Hands a worker's report to the collection waiting for it. */
  report(workerId: number, message: Extract<FleetMessage, { plexus: 'metrics-report' }>): void;
}

export interface FleetAggregatorOptions {
  /** How long a collection waits for the workers; who has not answered by then is left out. Default 2 s. */
  timeoutMs?: number;
}

/**
 * The primary's half of fleet metrics. Workers' registries are merged by prom-client's
 * `AggregatorRegistry.aggregate`, which applies each metric's `aggregator` (sum unless the metric
 * says otherwise). A worker that does not answer in time is left out, and the text says so in a
 * comment at its top rather than making the scrape wait.
 */
export function createFleetAggregator({ timeoutMs = 2000 }: FleetAggregatorOptions = {}): FleetAggregator {
  let nextId = 0;
  const open = new Map<number, { expected: Set<number>; reports: MetricsJson[]; finish(): void }>();

  return {
    collect(workers) {
      const id = nextId++;
      return new Promise<string>((resolve) => {
        const expected = new Set(workers.map((worker) => worker.id));
        const reports: MetricsJson[] = [];
        let timer: NodeJS.Timeout | undefined;
        const finish = () => {
          if (!open.delete(id)) return;
          clearTimeout(timer);
          resolve(render(reports, expected.size, workers.length, timeoutMs));
        };
        open.set(id, { expected, reports, finish });
        timer = setTimeout(finish, timeoutMs);
        for (const worker of workers) {
          try {
            worker.send({ plexus: 'metrics-collect', id });
          } catch {
            expected.delete(worker.id);
          }
        }
        if (expected.size === 0) finish();
      });
    },
    report(workerId, message) {
      const collection = open.get(message.id);
      if (!collection || !collection.expected.delete(workerId)) return;
      collection.reports.push(message.metrics);
      if (collection.expected.size === 0) collection.finish();
    },
  };
}

async function render(reports: MetricsJson[], missing: number, workers: number, timeoutMs: number): Promise<string> {
  const text = reports.length > 0 ? await AggregatorRegistry.aggregate(reports).metrics() : '';
  const header = `# plexus: metrics summed over ${reports.length} of ${workers} workers`;
  const partial = missing > 0 ? `\n# plexus: PARTIAL: ${missing} worker(s) did not answer within ${timeoutMs} ms and are left out` : '';
  return `${header}${partial}\n${text}`;
}
