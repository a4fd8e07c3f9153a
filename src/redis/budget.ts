import type { Counter } from 'prom-client';

/**
 * The time one request may spend waiting on Redis, shared by every store call it makes (rate
 * limit, cache read, cache write): once a call used it up, later calls of the request do not go to
 * Redis at all. A memory store ignores it.
 */
export interface RedisBudget {
  /** Runs one store call against Redis, or rejects at once (RedisSkipped) when it must not wait. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

/** Where the budget learns whether Redis may be called, and reports what became of each call. */
export interface RedisAvailability {
  /** Milliseconds until Redis is tried again while calls are held back; undefined while they go through. */
  heldBackFor(): number | undefined;
  answered(): void;
  failed(error: unknown): void;
}

/** A store call that was not sent. `retryAfterMs`: when Redis may be called again. */
export class RedisSkipped extends Error {
  constructor(
    readonly reason: 'unavailable' | 'budget',
    readonly retryAfterMs: number,
  ) {
    super(reason === 'unavailable' ? 'Redis is held back after repeated failures' : 'this request already waited on Redis');
    this.name = 'RedisSkipped';
  }
}

/** The request stopped waiting for a store call (its budget ran out); the call itself may still end later. */
export class RedisWaitExpired extends Error {
  constructor(waitedMs: number) {
    super(`no answer from Redis within ${Math.round(waitedMs)} ms`);
    this.name = 'RedisWaitExpired';
  }
}

export interface RedisBudgetOptions {
  availability: RedisAvailability;
  /** The whole wait allowed, in milliseconds (`redis.commandTimeout`). */
  budgetMs: number;
  /** `plexus_redis_skipped_calls_total`. */
  skipped: Counter<'reason'>;
  now?: () => number;
}

export function createRedisBudget({ availability, budgetMs, skipped, now = performance.now.bind(performance) }: RedisBudgetOptions): RedisBudget {
  let left = budgetMs;
  const skip = (reason: RedisSkipped['reason'], retryAfterMs: number) => {
    skipped.inc({ reason });
    return new RedisSkipped(reason, retryAfterMs);
  };
  return {
    async run<T>(call: () => Promise<T>): Promise<T> {
      const heldBack = availability.heldBackFor();
      if (heldBack !== undefined) throw skip('unavailable', heldBack);
      // Only this request is out of time: another may call Redis at once.
      if (left <= 0) throw skip('budget', 0);
      const started = now();
      const pending = Promise.resolve().then(call);
      // Redis's health is judged by how the call ends, even when the request stopped waiting for it.
      pending.then(availability.answered, availability.failed);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new RedisWaitExpired(now() - started)), left);
      });
      try {
        return await Promise.race([pending, expired]);
      } catch (error) {
        // A request waits on a silent Redis once: any later call of it would only wait again.
        if (isTimeout(error)) left = 0;
        throw error;
      } finally {
        clearTimeout(timer);
        left -= now() - started;
      }
    },
  };
}

/** True for a call that got no answer in time: the request's wait ran out, or ioredis's `commandTimeout` (a plain Error it names so). */
export function isTimeout(error: unknown): boolean {
  return error instanceof RedisWaitExpired || (error instanceof Error && error.message === 'Command timed out');
}

/** What a request's context carries once `useRedisBudget` gave it a budget. */
export interface RedisBudgetContext {
  redisBudget?: RedisBudget;
}

/** The budget of the request a GraphQL context belongs to (every operation of a batch shares it). */
export function redisBudgetOf(context: unknown): RedisBudget | undefined {
  return (context as RedisBudgetContext | undefined)?.redisBudget;
}
