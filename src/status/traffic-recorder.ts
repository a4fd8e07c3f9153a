import type { UpstreamMetrics, UpstreamOutcome } from '../upstream/metrics.js';
import { LATENCY_BOUNDS_MS, addCounts, latencyQuantile, latencySlot } from './latency-histogram.js';
import { createRollingWindow, windowCoverage, type RollingWindow } from './rolling-window.js';

/** The window is cut into this many slices (10 s each for the default 5 minutes). */
export const WINDOW_SLICES = 30;

/** A source's calls over the window. */
export interface SourceTraffic {
  /** Real calls made to the service (retries included; calls an open breaker refused are not calls). */
  calls: number;
  /** Calls that failed or timed out. */
  errors: number;
  callsPerSecond: number;
  /** `errors / calls`; 0 without calls. */
  errorRate: number;
  /** Milliseconds; null without calls. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** A link's batch calls over the window. */
export interface LinkTraffic {
  batches: number;
  keys: number;
  /** Keys per call; null without calls. */
  meanBatchSize: number | null;
}

/** Records what the upstream path reports, in memory, per source and per link, over a rolling window. */
export interface TrafficRecorder {
  recordCall(source: string, seconds: number, outcome: UpstreamOutcome): void;
  recordBatch(link: string, size: number): void;
  source(name: string): SourceTraffic;
  link(id: string): LinkTraffic;
  /** The window's length and how much of it holds data so far. */
  window(): { windowMs: number; sliceMs: number; coveredMs: number };
}

interface CallSlice {
  calls: number;
  errors: number;
  /** Counts per latency slot; made on the slice's first call. */
  latency?: number[];
}

interface BatchSlice {
  batches: number;
  keys: number;
}

export interface TrafficRecorderOptions {
  windowMs: number;
  /** Default `Date.now`. */
  now?: () => number;
}

export function createTrafficRecorder(options: TrafficRecorderOptions): TrafficRecorder {
  const now = options.now ?? Date.now;
  // Keys are source names and link ids from the project's files, never from requests: bounded.
  const sources = new Map<string, RollingWindow<CallSlice>>();
  const links = new Map<string, RollingWindow<BatchSlice>>();
  const startedAt = now();
  const coveredMs = () => windowCoverage({ windowMs: options.windowMs, slices: WINDOW_SLICES, startedAt, now });
  const windowOf = <T>(map: Map<string, RollingWindow<T>>, key: string, empty: () => T) => {
    let window = map.get(key);
    if (!window) {
      window = createRollingWindow({ windowMs: options.windowMs, slices: WINDOW_SLICES, now, empty });
      map.set(key, window);
    }
    return window;
  };
  const perSecond = (count: number) => {
    const covered = coveredMs();
    return covered > 0 ? count / (covered / 1000) : 0;
  };

  return {
    recordCall(source, seconds, outcome) {
      const slice = windowOf(sources, source, (): CallSlice => ({ calls: 0, errors: 0 })).current();
      slice.calls++;
      if (outcome !== 'ok') slice.errors++;
      (slice.latency ??= new Array<number>(LATENCY_BOUNDS_MS.length).fill(0))[latencySlot(seconds * 1000)]!++;
    },
    recordBatch(link, size) {
      const slice = windowOf(links, link, (): BatchSlice => ({ batches: 0, keys: 0 })).current();
      slice.batches++;
      slice.keys += size;
    },
    source(name) {
      const latency = new Array<number>(LATENCY_BOUNDS_MS.length).fill(0);
      let calls = 0;
      let errors = 0;
      for (const slice of sources.get(name)?.values() ?? []) {
        calls += slice.calls;
        errors += slice.errors;
        if (slice.latency) addCounts(latency, slice.latency);
      }
      return {
        calls,
        errors,
        callsPerSecond: perSecond(calls),
        errorRate: calls > 0 ? errors / calls : 0,
        p50Ms: latencyQuantile(latency, 0.5) ?? null,
        p99Ms: latencyQuantile(latency, 0.99) ?? null,
      };
    },
    link(id) {
      let batches = 0;
      let keys = 0;
      for (const slice of links.get(id)?.values() ?? []) {
        batches += slice.batches;
        keys += slice.keys;
      }
      return { batches, keys, meanBatchSize: batches > 0 ? keys / batches : null };
    },
    window: () => ({ windowMs: options.windowMs, sliceMs: options.windowMs / WINDOW_SLICES, coveredMs: coveredMs() }),
  };
}

/**
 * The upstream metrics handed to sources when the status page is on: every call and batch goes to
 * the Prometheus metrics and to the recorder, from the one place calls are already recorded.
 */
export function withTrafficRecorder(metrics: UpstreamMetrics, recorder: TrafficRecorder): UpstreamMetrics {
  return {
    recordCall(source, seconds, outcome) {
      metrics.recordCall(source, seconds, outcome);
      recorder.recordCall(source, seconds, outcome);
    },
    recordBatch(link, size) {
      metrics.recordBatch?.(link, size);
      recorder.recordBatch(link, size);
    },
    ...(metrics.recordRetry && { recordRetry: metrics.recordRetry.bind(metrics) }),
    ...(metrics.watchCircuit && { watchCircuit: metrics.watchCircuit.bind(metrics) }),
  };
}
