import pLimit, { type LimitFunction } from 'p-limit';

/** What link resolvers need from the gateway instance: per-source concurrency caps and a batch-size metric. */
export interface LinkRuntime {
  limiter(source: string): LimitFunction;
  recordBatch(link: string, size: number): void;
}

/** Limiters live as long as the composed schema, shared by all its requests: the cap is per source, not per request. */
export function createLinkRuntime(caps: ReadonlyMap<string, number>, recordBatch: LinkRuntime['recordBatch']): LinkRuntime {
  const limiters = new Map<string, LimitFunction>();
  return {
    limiter(source) {
      let limit = limiters.get(source);
      if (!limit) {
        limit = pLimit(caps.get(source) ?? 64);
        limiters.set(source, limit);
      }
      return limit;
    },
    recordBatch,
  };
}
