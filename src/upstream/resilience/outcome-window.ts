/** Calls counted over a sliding time window, in buckets so that old ones drop out cheaply. */
export interface OutcomeWindow {
  add(failed: boolean): void;
  totals(): { calls: number; failures: number };
  reset(): void;
}

const BUCKETS = 10;

export function createOutcomeWindow(windowMs: number, now: () => number): OutcomeWindow {
  const span = Math.max(1, windowMs / BUCKETS);
  let buckets: { index: number; calls: number; failures: number }[] = [];
  const currentIndex = () => Math.floor(now() / span);
  const prune = (index: number) => {
    while (buckets.length > 0 && buckets[0]!.index <= index - BUCKETS) buckets.shift();
  };
  return {
    add(failed) {
      const index = currentIndex();
      prune(index);
      let bucket = buckets.at(-1);
      if (bucket?.index !== index) {
        bucket = { index, calls: 0, failures: 0 };
        buckets.push(bucket);
      }
      bucket.calls++;
      if (failed) bucket.failures++;
    },
    totals() {
      prune(currentIndex());
      let calls = 0;
      let failures = 0;
      for (const bucket of buckets) {
        calls += bucket.calls;
        failures += bucket.failures;
      }
      return { calls, failures };
    },
    reset() {
      buckets = [];
    },
  };
}
