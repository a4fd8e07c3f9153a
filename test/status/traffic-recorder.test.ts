import { describe, expect, it } from 'vitest';
import { createTrafficRecorder, withTrafficRecorder } from '../../src/status/traffic-recorder.js';
import { LATENCY_BOUNDS_MS, latencyQuantile, latencySlot } from '../../src/status/latency-histogram.js';
import type { UpstreamMetrics } from '../../src/upstream/metrics.js';

/** A clock that moves only when told to. */
function heldClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the rolling traffic window', () => {
  it('counts calls and errors, and rates them over the time it covers', () => {
    const clock = heldClock();
    const recorder = createTrafficRecorder({ windowMs: 300_000, now: clock.now });
    for (let index = 0; index < 18; index++) recorder.recordCall('users', 0.004, 'ok');
    recorder.recordCall('users', 0.004, 'error');
    recorder.recordCall('users', 2, 'timeout');
    clock.advance(10_000);
    const users = recorder.source('users');
    expect(users).toMatchObject({ calls: 20, errors: 2, errorRate: 0.1 });
    // 20 calls over the 10 s the window has covered since it was made.
    expect(users.callsPerSecond).toBeCloseTo(2, 5);
    expect(recorder.source('orders')).toEqual({ calls: 0, errors: 0, callsPerSecond: 0, errorRate: 0, p50Ms: null, p99Ms: null });
  });

  it('estimates percentiles within one latency slot', () => {
    const clock = heldClock();
    const recorder = createTrafficRecorder({ windowMs: 60_000, now: clock.now });
    for (let index = 0; index < 98; index++) recorder.recordCall('products', 0.005, 'ok');
    recorder.recordCall('products', 0.8, 'ok');
    recorder.recordCall('products', 0.8, 'ok');
    const { p50Ms, p99Ms } = recorder.source('products');
    // A slot is 2^(1/6) wide: about 12%.
    expect(p50Ms).toBeGreaterThan(5 / 1.13);
    expect(p50Ms).toBeLessThanOrEqual(5 * 1.13);
    expect(p99Ms).toBeGreaterThan(800 / 1.13);
    expect(p99Ms).toBeLessThanOrEqual(800 * 1.13);
  });

  it('forgets what is older than the window, slice by slice', () => {
    const clock = heldClock(0);
    const recorder = createTrafficRecorder({ windowMs: 300_000, now: clock.now });
    recorder.recordCall('users', 0.01, 'error');
    recorder.recordBatch('User.orders', 10);
    clock.advance(150_000);
    recorder.recordCall('users', 0.01, 'ok');
    recorder.recordBatch('User.orders', 2);
    expect(recorder.source('users')).toMatchObject({ calls: 2, errors: 1 });
    expect(recorder.link('User.orders')).toEqual({ batches: 2, keys: 12, meanBatchSize: 6 });
    // 300 s after the first slice started, it has left the window; the second is still in it.
    clock.advance(150_000);
    expect(recorder.source('users')).toMatchObject({ calls: 1, errors: 0, errorRate: 0 });
    expect(recorder.link('User.orders')).toEqual({ batches: 1, keys: 2, meanBatchSize: 2 });
    // Rates are taken over the whole window once it is full: 1 call in 300 s (29 whole slices and the current one).
    expect(recorder.window()).toEqual({ windowMs: 300_000, sliceMs: 10_000, coveredMs: 290_000 });
    clock.advance(5_000);
    expect(recorder.source('users').callsPerSecond).toBeCloseTo(1 / 295, 8);
    clock.advance(150_000);
    expect(recorder.source('users').calls).toBe(0);
    expect(recorder.link('User.orders').meanBatchSize).toBeNull();
  });

  it('keeps a bounded number of latency slots however long a call takes', () => {
    expect(latencySlot(0)).toBe(0);
    expect(latencySlot(0.05)).toBe(0);
    expect(latencySlot(1e9)).toBe(LATENCY_BOUNDS_MS.length - 1);
    for (const ms of [0.07, 1, 3.3, 250, 9000]) {
      const slot = latencySlot(ms);
      expect(LATENCY_BOUNDS_MS[slot]!).toBeGreaterThanOrEqual(ms);
      expect(LATENCY_BOUNDS_MS[slot - 1]!).toBeLessThan(ms);
    }
    expect(latencyQuantile(new Array(LATENCY_BOUNDS_MS.length).fill(0), 0.5)).toBeUndefined();
  });

  it('hands every call and batch on to the Prometheus metrics as well', () => {
    const seen: string[] = [];
    const metrics: UpstreamMetrics = {
      recordCall: (source, _seconds, outcome) => void seen.push(`call ${source} ${outcome}`),
      recordBatch: (link, size) => void seen.push(`batch ${link} ${size}`),
      recordRetry: (source) => void seen.push(`retry ${source}`),
    };
    const recorder = createTrafficRecorder({ windowMs: 60_000 });
    const both = withTrafficRecorder(metrics, recorder);
    both.recordCall('users', 0.01, 'error');
    both.recordBatch?.('User.orders', 3);
    both.recordRetry?.('users');
    expect(seen).toEqual(['call users error', 'batch User.orders 3', 'retry users']);
    expect(recorder.source('users').errors).toBe(1);
    expect(recorder.link('User.orders').keys).toBe(3);
    expect(both.watchCircuit).toBeUndefined();
  });
});
