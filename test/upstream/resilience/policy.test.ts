import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { circuitBreakerConfigSchema, retryConfigSchema } from '../../../src/config/resilience-config.js';
import type { UpstreamMetrics } from '../../../src/upstream/metrics.js';
import { createResilience, type AttemptResult, type ResilientCall } from '../../../src/upstream/resilience/resilience.js';
import { heldClock } from './support.js';

function setup(options: { retry?: object; circuitBreaker?: object; maxConcurrency?: number; random?: number } = {}) {
  const clock = heldClock();
  const retries: string[] = [];
  const metrics: UpstreamMetrics = { recordCall() {}, recordRetry: (source) => retries.push(source) };
  const resilience = createResilience({
    source: 'svc',
    retry: retryConfigSchema.parse(options.retry ?? {}),
    circuitBreaker: circuitBreakerConfigSchema.parse(options.circuitBreaker ?? {}),
    maxConcurrency: options.maxConcurrency ?? 8,
    metrics,
    clock,
    random: () => options.random ?? 0.5,
  });
  return { clock, retries, resilience };
}

const failure = (message = 'down'): AttemptResult<string> => ({ error: new GraphQLError(message, { extensions: { code: 'UPSTREAM_ERROR' } }), failed: true });

/** A call whose attempts answer with `results` in turn (the last one repeats), counting them. */
function scripted(results: AttemptResult<string>[], overrides: Partial<ResilientCall<string>> = {}) {
  let made = 0;
  const call: ResilientCall<string> = {
    idempotent: true,
    signal: undefined,
    timeoutMs: 60_000,
    attempt: async () => results[Math.min(made++, results.length - 1)]!,
    timeoutError: () => new GraphQLError('timeout', { extensions: { code: 'UPSTREAM_TIMEOUT' } }),
    ...overrides,
  };
  return { call, made: () => made };
}

describe('retries', () => {
  it('retries a failed idempotent call up to `attempts` times, with exponential backoff and jitter', async () => {
    const { resilience, clock, retries } = setup({ retry: { attempts: 3, backoff: 100, maxBackoff: 300 } });
    const { call, made } = scripted([failure('one'), failure('two'), failure('three'), failure('four')]);
    await expect(resilience.call(call)).rejects.toThrow('four');
    expect(made()).toBe(4);
    expect(retries).toEqual(['svc', 'svc', 'svc']);
    // Half of 100, 200, then of 300 (400 capped by maxBackoff), with the held random at 0.5.
    expect(clock.sleeps).toEqual([50, 100, 150]);
  });

  it('stops retrying at the first success', async () => {
    const { resilience } = setup();
    const { call, made } = scripted([failure(), { value: 'ok', failed: false }]);
    await expect(resilience.call(call)).resolves.toBe('ok');
    expect(made()).toBe(2);
  });

  it('returns the last answer when a failed answer (HTTP 5xx) is still failing after the retries', async () => {
    const { resilience } = setup({ retry: { attempts: 1 } });
    const { call, made } = scripted([{ value: '503', failed: true }]);
    await expect(resilience.call(call)).resolves.toBe('503');
    expect(made()).toBe(2);
  });

  it('never retries a call that is not idempotent', async () => {
    const { resilience, retries } = setup();
    const { call, made } = scripted([failure()], { idempotent: false });
    await expect(resilience.call(call)).rejects.toThrow('down');
    expect(made()).toBe(1);
    expect(retries).toEqual([]);
  });

  it('never retries an answer that refuses the request (4xx, INVALID_ARGUMENT)', async () => {
    const { resilience } = setup();
    const { call, made } = scripted([{ error: new GraphQLError('bad id'), failed: false }]);
    await expect(resilience.call(call)).rejects.toThrow('bad id');
    expect(made()).toBe(1);
  });

  it("does not retry when the backoff would end past the call's deadline", async () => {
    const { resilience } = setup({ retry: { attempts: 5, backoff: 100 }, random: 0.99 });
    const { call, made } = scripted([failure()], { timeoutMs: 150 });
    await expect(resilience.call(call)).rejects.toThrow('down');
    // 99 ms fits in 150 ms; the next delay (198 ms) would not.
    expect(made()).toBe(2);
  });

  it('can be turned off', async () => {
    const { resilience } = setup({ retry: { enabled: false } });
    const { call, made } = scripted([failure()]);
    await expect(resilience.call(call)).rejects.toThrow('down');
    expect(made()).toBe(1);
  });

  it('stops when the client went away, and the breaker does not count it', async () => {
    const { resilience } = setup({ circuitBreaker: { minimumRequests: 1 } });
    const client = new AbortController();
    const { call, made } = scripted([failure()], {
      signal: client.signal,
      attempt: async () => {
        client.abort();
        return failure('cancelled');
      },
    });
    await expect(resilience.call(call)).rejects.toThrow('cancelled');
    expect(made()).toBe(0);
    expect(resilience.circuit()).toBe('closed');
  });
});

describe('circuit breaker around calls', () => {
  it('never retries while the breaker is open, and then fails fast without calling the service', async () => {
    const { resilience, retries } = setup({ circuitBreaker: { minimumRequests: 1, openFor: 1000 } });
    const first = scripted([failure()]);
    await expect(resilience.call(first.call)).rejects.toThrow('down');
    expect(first.made()).toBe(1);
    expect(retries).toEqual([]);
    expect(resilience.circuit()).toBe('open');
    const second = scripted([{ value: 'ok', failed: false }]);
    const error = await resilience.call(second.call).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({ code: 'UPSTREAM_ERROR', source: 'svc', circuit: 'open' });
    expect(second.made()).toBe(0);
  });

  it('half-opens after openFor and closes on a successful trial', async () => {
    const { resilience, clock } = setup({ circuitBreaker: { minimumRequests: 1, openFor: 1000 } });
    await resilience.call(scripted([failure()]).call).catch(() => undefined);
    clock.advance(1000);
    expect(resilience.circuit()).toBe('half-open');
    await expect(resilience.call(scripted([{ value: 'back', failed: false }]).call)).resolves.toBe('back');
    expect(resilience.circuit()).toBe('closed');
  });

  it('can be turned off', async () => {
    const { resilience } = setup({ retry: { enabled: false }, circuitBreaker: { enabled: false, minimumRequests: 1 } });
    for (let i = 0; i < 5; i++) await resilience.call(scripted([failure()]).call).catch(() => undefined);
    const { call, made } = scripted([{ value: 'ok', failed: false }]);
    await expect(resilience.call(call)).resolves.toBe('ok');
    expect(made()).toBe(1);
    expect(resilience.circuit()).toBeUndefined();
  });
});

describe('concurrency cap', () => {
  it('holds calls beyond the cap until a slot frees, and fails those whose time runs out while waiting', async () => {
    const { resilience } = setup({ maxConcurrency: 2 });
    const release: (() => void)[] = [];
    let started = 0;
    const held = (): ResilientCall<string> => ({
      ...scripted([]).call,
      attempt: () =>
        new Promise((resolve) => {
          started++;
          release.push(() => resolve({ value: 'done', failed: false }));
        }),
    });
    const a = resilience.call(held());
    const b = resilience.call(held());
    const c = resilience.call(held());
    const late = resilience.call({ ...held(), timeoutMs: 20 });
    await expect(late).rejects.toThrow('timeout');
    expect(started).toBe(2);
    release.shift()!();
    await expect(a).resolves.toBe('done');
    await expect.poll(() => started).toBe(3);
    release.splice(0).forEach((resolve) => resolve());
    await expect(Promise.all([b, c])).resolves.toEqual(['done', 'done']);
    // The call that gave up never reached the service.
    expect(started).toBe(3);
  });
});
