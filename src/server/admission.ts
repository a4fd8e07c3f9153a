import { performance } from 'node:perf_hooks';
import { createSlots } from '../upstream/resilience/slots.js';

/** `execution.concurrency`: `auto`, a fixed number of operations at once, or 0 for no cap. */
export type ConcurrencySetting = 'auto' | number;

/** Operations worked on at once per process, and those waiting their turn. */
export interface Admission {
  /**
   * Calls `start` with a `leave` function now, or once a slot is free; leaving twice is harmless.
   * Returns undefined when started at once, else a function that withdraws the request while it
   * still waits (its client went away).
   */
  enter(start: (leave: () => void) => void): (() => void) | undefined;
  readonly running: number;
  readonly waiting: number;
  readonly limit: number;
  /** One step of `auto`: run by a timer, or by tests. */
  adjust(): void;
  close(): void;
}

export interface AdmissionOptions {
  setting: () => ConcurrencySetting;
  /** The process's CPU time over wall time since the last call (can pass 1 with GC threads); process.cpuUsage by default. */
  cpuShare?: () => number;
  /** How often `auto` adjusts, in ms. Default 100; 0 leaves it to `adjust()` (tests). */
  intervalMs?: number;
}

/** The fewest operations `auto` lets run, and the most. */
export const AUTO_FLOOR = 8;
export const AUTO_CEILING = 4096;
/** CPU shares: below IDLE the cap doubles when requests wait, below SPARE it grows by a tenth, from SATURATED on it comes down. */
const IDLE = 0.5;
const SPARE = 0.85;
const SATURATED = 0.95;

/**
 * Admission of GraphQL operations into the process. Once the CPU is saturated, every further
 * operation in flight adds no throughput, only its data to what the garbage collector copies
 * while the operation waits for the CPU: with 32 clients on the fan-out, the young generation was
 * scavenged with most of its objects alive, and a quarter of the gateway's CPU went to it.
 * `auto` brings the cap down towards what runs while the process uses a whole core, never below
 * AUTO_FLOOR (enough to overlap a few upstream round trips), and lets it grow while requests wait
 * and the CPU has time to spare (upstreams slow, operations spending their time waiting on them).
 * Waiting requests start oldest first, before their body is read.
 */
export function createAdmission(options: AdmissionOptions): Admission {
  const sample = options.cpuShare ?? processCpuShare();
  let busy = 0;
  // From the floor: a process that first meets a CPU-bound load with every client in flight stays
  // slower for good (the fan-out used 14% more CPU per request for minutes after a second at 32),
  // while a load that waits on slow upstreams doubles the cap every window from the start.
  let autoLimit = AUTO_FLOOR;
  let waited = false;
  const limit = () => {
    const setting = options.setting();
    if (setting === 'auto') return autoLimit;
    return setting === 0 ? Infinity : setting;
  };
  const slots = createSlots(limit);

  const adjust = () => {
    const latest = sample();
    const { active: running, pending } = slots;
    // A quiet process (nothing running or waiting) says nothing about load: the smoothed share is
    // kept as the last load left it, so that a load arriving after a quiet spell starts from there
    // and does not read the quiet as room. Otherwise it is smoothed over about half a second, since
    // one window's share swings with a collection or a burst, and the cap grows only when the
    // latest window had time to spare too.
    if (running > 0 || pending > 0) busy = busy * 0.7 + latest * 0.3;
    const spare = Math.max(busy, latest);
    if (options.setting() === 'auto') {
      if (busy >= SATURATED && running > 0) autoLimit = Math.max(AUTO_FLOOR, Math.floor(Math.min(autoLimit, running) * 0.9));
      else if (waited && spare < SPARE) autoLimit = Math.min(AUTO_CEILING, autoLimit + (spare < IDLE ? autoLimit : Math.max(1, Math.ceil(autoLimit / 10))));
    }
    slots.pump();
    waited = slots.pending > 0;
  };
  const intervalMs = options.intervalMs ?? 100;
  const timer = intervalMs > 0 ? setInterval(adjust, intervalMs).unref() : undefined;

  return {
    enter(start) {
      const withdraw = slots.enter(start);
      if (withdraw) waited = true;
      return withdraw;
    },
    get running() {
      return slots.active;
    },
    get waiting() {
      return slots.pending;
    },
    get limit() {
      return limit();
    },
    adjust,
    close() {
      clearInterval(timer);
    },
  };
}

/** Requests to the GraphQL endpoint, CORS preflights aside: what admission applies to. */
export function isOperationRequest(request: { method?: string | undefined; url?: string | undefined }): boolean {
  const url = request.url ?? '';
  return request.method !== 'OPTIONS' && url.startsWith('/graphql') && (url.length === 8 || url[8] === '?' || url[8] === '/');
}

// CPU time rather than the event loop's busy share: garbage collection on V8's helper threads is
// part of what saturation costs, and on a host shared with upstreams the loop waits on them with
// its CPU spent.
function processCpuShare(): () => number {
  let last = process.cpuUsage();
  let lastAt = performance.now();
  return () => {
    const used = process.cpuUsage(last);
    const at = performance.now();
    const share = (used.user + used.system) / 1000 / Math.max(1, at - lastAt);
    last = process.cpuUsage();
    lastAt = at;
    return share;
  };
}
