import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Counter } from 'prom-client';
import { RedisSkipped, RedisWaitExpired, createRedisBudget, type RedisAvailability } from '../../src/redis/budget.js';

// The request budget on a fake clock: what a request may still wait is what its earlier calls left.

const never = () => new Promise<never>(() => {});
const answerAfter = (ms: number, value: string) => () => new Promise<string>((resolve) => setTimeout(() => resolve(value), ms));

function budgetWith(heldBackFor: () => number | undefined = () => undefined) {
  const availability: RedisAvailability = { heldBackFor, answered: vi.fn(), failed: vi.fn() };
  const skipped = new Counter({ name: 'skipped', help: 'skipped', labelNames: ['reason'] as const, registers: [] });
  const budget = createRedisBudget({ availability, budgetMs: 500, skipped, now: () => Date.now() });
  return { budget, availability, skipped: async (reason: string) => (await skipped.get()).values.find((value) => value.labels.reason === reason)?.value ?? 0 };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('a request budget of Redis waiting', () => {
  it('gives a call only what earlier calls of the request left, and nothing after a call ran out', async () => {
    const { budget, availability, skipped } = budgetWith();
    const first = budget.run(answerAfter(300, 'bucket'));
    await vi.advanceTimersByTimeAsync(300);
    expect(await first).toBe('bucket');
    expect(availability.answered).toHaveBeenCalledTimes(1);

    const second = budget.run(never).catch((error: unknown) => error);
    let settled = false;
    void second.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(199);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(await second).toBeInstanceOf(RedisWaitExpired);

    const cacheCalls = vi.fn(answerAfter(1, 'entry'));
    await expect(budget.run(cacheCalls)).rejects.toMatchObject({ reason: 'budget' });
    expect(cacheCalls).not.toHaveBeenCalled();
    expect(await skipped('budget')).toBe(1);
  });

  it('sends nothing while Redis is held back, and says when it is tried again', async () => {
    const { budget, skipped } = budgetWith(() => 4_200);
    const call = vi.fn(answerAfter(1, 'entry'));
    const error = await budget.run(call).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisSkipped);
    expect(error).toMatchObject({ reason: 'unavailable', retryAfterMs: 4_200 });
    expect(call).not.toHaveBeenCalled();
    expect(await skipped('unavailable')).toBe(1);
  });

  it('reports how a call ended even when the request stopped waiting for it', async () => {
    const { budget, availability } = budgetWith();
    const late = new Error('Command timed out');
    const waited = budget.run(() => new Promise((_resolve, reject) => setTimeout(() => reject(late), 600))).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(await waited).toBeInstanceOf(RedisWaitExpired);
    expect(availability.failed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(availability.failed).toHaveBeenCalledWith(late);
  });
});
