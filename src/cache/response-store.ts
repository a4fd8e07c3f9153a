import type { ExecutionResult } from 'graphql';
import type { CacheEntityRecord } from '@envelop/response-cache';
import type { RedisBudget } from '../redis/budget.js';

export type { CacheEntityRecord };

/** One cached answer, with what HTTP caching needs to describe it. */
export interface StoredResponse {
  result: ExecutionResult;
  /** Strong validator of the serialized result (`"…"`), for `ETag` and `If-None-Match`. */
  etag: string;
  /** When it was stored, in milliseconds since the epoch. */
  storedAt: number;
  /** How long it may be served from `storedAt`, in milliseconds. */
  ttl: number;
  /** The name of the operation it answers, for the request log of a hit. */
  operationName?: string;
}

/**
 * Where cached responses live. Entities (`{ typename, id }`) index the responses that hold them,
 * so that a mutation returning an entity drops those responses. Every method may fail (a store
 * that is down); the caller decides what that means for the request. `budget` is the request's
 * Redis wait, for a store in Redis.
 */
export interface ResponseStore {
  get(key: string, budget?: RedisBudget): Promise<StoredResponse | undefined> | StoredResponse | undefined;
  /** `body` is the serialized result, for stores that keep or measure it. */
  set(key: string, response: StoredResponse, entities: readonly CacheEntityRecord[], body: string, budget?: RedisBudget): Promise<void> | void;
  /** Drops every response holding one of the entities; an entity without id stands for every entity of its type. */
  invalidate(entities: readonly CacheEntityRecord[], budget?: RedisBudget): Promise<void> | void;
}

/**
 * A result that is its serialized form: yoga sends a result's own `stringify` when it has one, so
 * a hit read back as text goes out as that text, and `data` is parsed only if something reads it.
 */
export function resultFromBody(body: string, hasExtensions: boolean): ExecutionResult {
  let parsed: ExecutionResult | undefined;
  const read = () => (parsed ??= JSON.parse(body) as ExecutionResult);
  const result = {};
  Object.defineProperty(result, 'data', { get: () => read().data, enumerable: true });
  if (hasExtensions) Object.defineProperty(result, 'extensions', { get: () => read().extensions, enumerable: true });
  Object.defineProperty(result, 'stringify', { value: () => body });
  return result as ExecutionResult;
}
