/**
 * Latency counts in fixed log-scale slots: a bounded summary from which percentiles are estimated
 * (within one slot's width, about 12%), where keeping every sample would grow with the traffic.
 */

/** Upper bounds of the slots in milliseconds: 0.05 ms growing by 2^(1/6) up to about 2 minutes. */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 128 }, (_, index) => 0.05 * 2 ** (index / 6));

/** The slot of a duration; durations past the last bound land in the last slot. */
export function latencySlot(ms: number): number {
  if (!(ms > LATENCY_BOUNDS_MS[0]!)) return 0;
  const slot = Math.ceil(6 * Math.log2(ms / 0.05) - 1e-9);
  return Math.min(slot, LATENCY_BOUNDS_MS.length - 1);
}

/** Adds `from` into `into`, slot by slot. */
export function addCounts(into: number[], from: readonly number[]): void {
  for (let index = 0; index < from.length; index++) into[index]! += from[index]!;
}

/**
 * The latency at quantile `q` (0..1) of the counted durations, interpolated inside its slot;
 * undefined when nothing was counted.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | undefined {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index]!;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = index === 0 ? 0 : LATENCY_BOUNDS_MS[index - 1]!;
      const upper = LATENCY_BOUNDS_MS[index]!;
      return lower + (upper - lower) * Math.max(0, Math.min(1, (rank - seen) / count));
    }
    seen += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
