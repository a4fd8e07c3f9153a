import type { CircuitState } from '../upstream/resilience/breaker.js';

export interface SourceReadiness {
  source: string;
  ready: boolean;
  /** Why the source is not ready. */
  error?: string;
  /** The source's circuit breaker, when it has one. */
  circuit?: CircuitState;
}

/** What readiness asks of a source. */
export interface ReadinessTarget {
  name: string;
  /** Resolves when the service answers; never held back by the circuit breaker. */
  probe(signal: AbortSignal): Promise<void>;
  /** The breaker's state; undefined when the source has none. */
  circuit?(): CircuitState | undefined;
}

export interface ReadinessReport {
  ready: boolean;
  checkedAt: string;
  sources: SourceReadiness[];
}

export interface ReadinessOptions {
  sources: () => readonly ReadinessTarget[];
  timeoutMs: number;
  /** A report younger than this is reused, so a burst of probes costs one round of checks. */
  cacheTtlMs: number;
  now?: () => number;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** The last report a check finished with, without asking anyone; undefined before the first one. */
  latest(): ReadinessReport | undefined;
}

/** Asks every source whether it answers, all at once, at most once per `cacheTtlMs`. */
export function createReadiness(options: ReadinessOptions): Readiness {
  const now = options.now ?? Date.now;
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;
  let settled: { startedAt: number; report: ReadinessReport } | undefined;

  async function run(): Promise<ReadinessReport> {
    const startedAt = now();
    const sources = await Promise.all(
      options.sources().map(async (source): Promise<SourceReadiness> => {
        const answered = await source.probe(AbortSignal.timeout(options.timeoutMs)).then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        // Read after the probe, so that the report shows the state at its end.
        const circuit = source.circuit?.();
        const breaker = circuit === undefined ? {} : { circuit };
        // An open breaker fails every call, whatever the probe says: the source serves nothing.
        const error = answered ?? (circuit === 'open' ? 'circuit breaker is open: calls fail fast' : undefined);
        return error === undefined ? { source: source.name, ready: true, ...breaker } : { source: source.name, ready: false, error, ...breaker };
      }),
    );
    const report = { ready: sources.every((item) => item.ready), checkedAt: new Date(now()).toISOString(), sources };
    // A slow round that ends after a newer one must not replace it.
    if (!settled || settled.startedAt <= startedAt) settled = { startedAt, report };
    return report;
  }

  return {
    check() {
      if (!last || now() - last.at >= options.cacheTtlMs) last = { at: now(), report: run() };
      return last.report;
    },
    latest: () => settled?.report,
  };
}
