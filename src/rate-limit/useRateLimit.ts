import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Counter } from 'prom-client';
import type { RateLimitConfig } from './config.js';
import { plexusError } from '../errors.js';
import type { OperationCost } from '../limits/operation-cost.js';
import type { Logger } from '../logger.js';
import { callerKey } from './caller-key.js';
import { rateLimitHeaders, type NamedBucket } from './headers.js';
import type { Bucket, Consumption, RateLimitStore } from './store.js';
import { redisBudgetOf } from '../redis/budget.js';
import type { PlexusContext } from '../request-state.js';

/** A check the store could not answer, and when to try again (1 s unless the store says). */
interface StoreFailure {
  failed: true;
  retryAfterMs: number;
}

export interface RateLimitOptions {
  /** The resolved `rateLimit` section of gateway.yaml. */
  config: RateLimitConfig;
  store: RateLimitStore;
  /** Prices an operation with its variables; the same function `limits.maxCost` is checked with. */
  cost: OperationCost;
  logger: Logger;
  /** `plexus_rate_limited_total`. */
  rateLimited: Counter;
  /** `plexus_rate_limit_store_errors_total`. */
  storeErrors: Counter;
}

/**
 * Charges each operation's cost to its caller's token bucket before it executes. Over budget:
 * HTTP 429, `RATE_LIMITED`, `Retry-After`. Every answer carries the `RateLimit-Policy` and
 * `RateLimit` headers of the budgets it spent from.
 */
export function useRateLimit({ config, store, cost, logger, rateLimited, storeErrors }: RateLimitOptions): Plugin<PlexusContext> {
  const headersByRequest = new WeakMap<Request, Record<string, string>>();
  let storeFailing = false;

  const bucketsFor = (args: ExecutionArgs): (Bucket & NamedBucket)[] => {
    const caller = `${config.keyPrefix}{${callerKey(args.contextValue, config)}}`;
    const buckets: (Bucket & NamedBucket)[] = [];
    if (config.points !== undefined) buckets.push({ name: 'default', key: caller, points: config.points, windowMs: config.window });
    const name = getOperationAST(args.document, args.operationName)?.name?.value;
    const budget = name !== undefined && Object.hasOwn(config.operations, name) ? config.operations[name] : undefined;
    if (budget) buckets.push({ name: `op-${name}`, key: `${caller}:op:${name}`, points: budget.points, windowMs: budget.window ?? config.window });
    return buckets;
  };

  const consume = async (buckets: Bucket[], price: number, context: unknown): Promise<Consumption | StoreFailure> => {
    try {
      const consumption = await store.consume(buckets, price, redisBudgetOf(context));
      if (storeFailing) logger.info('rate limit store answers again');
      storeFailing = false;
      return consumption;
    } catch (error) {
      storeErrors.inc();
      if (!storeFailing) logger.error({ err: error, failOpen: config.onStoreError === 'open' }, 'rate limit store failed');
      storeFailing = true;
      const { retryAfterMs } = error as { retryAfterMs?: unknown };
      return { failed: true, retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : 1_000 };
    }
  };

  const check = async (args: ExecutionArgs, stop: (result: ExecutionResult) => void) => {
    const buckets = bucketsFor(args);
    if (buckets.length === 0) return;
    const price = Math.max(1, Math.ceil(cost(args.schema, args.document, args.operationName, args.variableValues ?? undefined)));
    const consumption = await consume(buckets, price, args.contextValue);
    if ('failed' in consumption) {
      if (config.onStoreError === 'closed') {
        // Redis held back after repeated failures says when it is tried again: no point coming sooner.
        const retryAfter = String(Math.max(1, Math.ceil(consumption.retryAfterMs / 1_000)));
        stop({
          errors: [
            plexusError('RATE_LIMITED', 'The rate limit could not be checked; try again shortly', { httpStatus: 503, headers: { 'retry-after': retryAfter } }),
          ],
        });
      }
      return;
    }
    const headers = rateLimitHeaders(buckets, consumption);
    const request = (args.contextValue as { request?: Request }).request;
    if (request) headersByRequest.set(request, headers);
    if (!consumption.allowed) {
      rateLimited.inc();
      stop({
        errors: [
          plexusError('RATE_LIMITED', `Rate limit exceeded: retry in ${headers['retry-after']} s`, {
            httpStatus: 429,
            headers,
            extensions: { retryAfter: Number(headers['retry-after']), cost: price },
          }),
        ],
      });
    }
  };

  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onResponse({ request, response }) {
      const headers = headersByRequest.get(request);
      if (headers) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    },
  };
}
