import type { LoadedSource } from '../sources/types.js';

export interface SourceReadiness {
  source: string;
  ready: boolean;
  /** Why the source is not ready. */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checkedAt: string;
  sources: SourceReadiness[];
}

export interface ReadinessOptions {
  sources: () => readonly LoadedSource[];
  timeoutMs: number;
  /** A report younger than this is reused, so a burst of probes costs one round of checks. */
  cacheTtlMs: number;
  now?: () => number;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** Asks every source whether it answers, all at once, at most once per `cacheTtlMs`. */
export function createReadiness(options: ReadinessOptions): Readiness {
  const now = options.now ?? Date.now;
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;

  async function run(): Promise<ReadinessReport> {
    const sources = await Promise.all(
      options.sources().map(async (source): Promise<SourceReadiness> => {
        try {
          await source.probe(AbortSignal.timeout(options.timeoutMs));
          return { source: source.name, ready: true };
        } catch (error) {
          return { source: source.name, ready: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { ready: sources.every((item) => item.ready), checkedAt: new Date(now()).toISOString(), sources };
  }

  return {
    check() {
      if (!last || now() - last.at >= options.cacheTtlMs) last = { at: now(), report: run() };
      return last.report;
    },
  };
}
