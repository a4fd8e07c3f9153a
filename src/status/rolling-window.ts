/**
 * A window over the last `windowMs` cut into `slices` equal slices of time, each holding a value of
 * its own. A slice is recycled when its time comes round again, so memory stays at `slices` values
 * however long the gateway runs; nothing runs on a timer.
 */
export interface RollingWindow<T> {
  /** The slice of the present moment (emptied first when it held an older one). */
  current(): T;
  /** The slices within the window that hold something, oldest first. */
  values(): T[];
  /** How many milliseconds the window covers now: less than `windowMs` right after it was made. */
  coveredMs(): number;
}

export interface RollingWindowOptions<T> {
  windowMs: number;
  slices: number;
  empty(): T;
  now(): number;
}

export function createRollingWindow<T>(options: RollingWindowOptions<T>): RollingWindow<T> {
  const sliceMs = options.windowMs / options.slices;
  const startedAt = options.now();
  const ring: ({ slot: number; value: T } | undefined)[] = new Array(options.slices).fill(undefined);
  const slotOf = (at: number) => Math.floor(at / sliceMs);

  return {
    current() {
      const slot = slotOf(options.now());
      const index = slot % options.slices;
      let entry = ring[index];
      if (!entry || entry.slot !== slot) {
        entry = { slot, value: options.empty() };
        ring[index] = entry;
      }
      return entry.value;
    },
    values() {
      const oldest = slotOf(options.now()) - options.slices + 1;
      return ring
        .filter((entry): entry is { slot: number; value: T } => entry !== undefined && entry.slot >= oldest)
        .sort((a, b) => a.slot - b.slot)
        .map((entry) => entry.value);
    },
    coveredMs: () => windowCoverage({ ...options, startedAt }),
  };
}

/** How many milliseconds a window made at `startedAt` covers now: its kept slices span from the start of the oldest one to now. */
export function windowCoverage(options: { windowMs: number; slices: number; startedAt: number; now(): number }): number {
  const sliceMs = options.windowMs / options.slices;
  const now = options.now();
  const span = (options.slices - 1) * sliceMs + (now - Math.floor(now / sliceMs) * sliceMs);
  return Math.min(span, now - options.startedAt);
}
