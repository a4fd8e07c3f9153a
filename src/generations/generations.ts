import type { GraphQLSchema } from 'graphql';
import type { Problem } from '../config/problems.js';
import type { Logger } from '../logger.js';
import type { SourceEntry } from '../sources/registry.js';

/** One loaded schema and the sources behind it. A request runs on the generation it started on. */
export interface Generation {
  /** Short hash of the composed schema (see compose/schema-version.ts). */
  version: string;
  loadedAt: Date;
  /** The schema served: the composed schema with gateway.yaml's cache hints on it. */
  schema: GraphQLSchema;
  /** The composed schema as `plexus compose` prints it; diffs compare these. */
  composed: GraphQLSchema;
  sources: readonly SourceEntry[];
  /** Parts of sources that were skipped while mapping them. */
  warnings: readonly Problem[];
  /** Releases the sources' connections (HTTP pools, gRPC channels). */
  close(): Promise<void>;
}

/** A request's hold on the generation it started on. */
export interface Lease {
  readonly generation: Generation;
  /** Call once the response is done; later calls do nothing. */
  release(): void;
}

export interface Generations {
  current(): Generation;
  /** Pins the current generation for one request. */
  acquire(): Lease;
  /** Serves `next` from now on; the previous generation is closed once its last lease is released. After `close`, closes `next` instead. */
  swap(next: Generation): Generation;
  /** Closes every generation now, leased or not: for after the HTTP server stopped. */
  close(): Promise<void>;
}

/**
 * Holds the generation being served and the swapped-out ones that requests still run on. Closing
 * a generation waits for its requests because closing its sources would fail their upstream calls.
 */
export function createGenerations(first: Generation, logger: Logger): Generations {
  let current = first;
  const leases = new Map<Generation, number>();
  const retired = new Set<Generation>();
  const closing = new Set<Promise<void>>();
  const closed = new WeakSet<Generation>();
  let shutDown = false;

  const closeNow = (generation: Generation) => {
    retired.delete(generation);
    if (closed.has(generation)) return;
    closed.add(generation);
    const done: Promise<void> = generation
      .close()
      .catch((error: unknown) => logger.error({ err: error, version: generation.version }, 'closing the sources of a replaced schema failed'))
      .finally(() => closing.delete(done));
    closing.add(done);
  };

  return {
    current: () => current,
    acquire() {
      const generation = current;
      leases.set(generation, (leases.get(generation) ?? 0) + 1);
      let released = false;
      return {
        generation,
        release() {
          if (released) return;
          released = true;
          const left = (leases.get(generation) ?? 1) - 1;
          if (left > 0) return void leases.set(generation, left);
          leases.delete(generation);
          if (retired.has(generation)) closeNow(generation);
        },
      };
    },
    swap(next) {
      // A rebuild that finishes after shutdown has nothing to serve.
      if (shutDown) {
        closeNow(next);
        return current;
      }
      const previous = current;
      current = next;
      if (leases.has(previous)) retired.add(previous);
      else closeNow(previous);
      return previous;
    },
    async close() {
      shutDown = true;
      for (const generation of [...retired, current]) closeNow(generation);
      await Promise.all(closing);
    },
  };
}
