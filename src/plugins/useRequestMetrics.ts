import type { Plugin } from 'graphql-yoga';
import { isAsyncIterable } from '@graphql-tools/utils';
import { performance } from 'node:perf_hooks';
import type { PlexusMetrics } from '../metrics/metrics.js';
import { requestStats } from '../upstream/request-stats.js';

export interface RequestMetricsOptions {
  metrics: PlexusMetrics;
  /** Path of the GraphQL endpoint; other paths (/metrics, /readyz) are not counted. Default `/graphql`. */
  endpoint?: string;
}

interface Pending {
  started: number;
  hasErrors: boolean;
  answered: boolean;
  context?: object;
}

/** Counts and times GraphQL requests, and records how many upstream calls each one made. */
export function useRequestMetrics({ metrics, endpoint = '/graphql' }: RequestMetricsOptions): Plugin {
  const pending = new WeakMap<Request, Pending>();
  return {
    onRequest({ request, url }) {
      if (url.pathname === endpoint) pending.set(request, { started: performance.now(), hasErrors: false, answered: false });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request && pending.get(request);
      if (entry) entry.context = args.contextValue as object;
    },
    onResultProcess({ request, result }) {
      const entry = pending.get(request);
      if (!entry) return;
      entry.answered = true;
      const results = Array.isArray(result) ? result : [result];
      entry.hasErrors = results.some((item) => !isAsyncIterable(item) && (item.errors?.length ?? 0) > 0);
    },
    onResponse({ request, response }) {
      const entry = pending.get(request);
      // GraphiQL pages and CORS preflights reach the endpoint too; only GraphQL answers count.
      if (!entry || (!entry.answered && response.status < 400)) return;
      const status = entry.hasErrors || response.status >= 400 ? 'error' : 'ok';
      const seconds = (performance.now() - entry.started) / 1000;
      metrics.graphqlRequests.inc({ status });
      metrics.graphqlDuration.observe({ status }, seconds);
      if (entry.context) metrics.upstreamCallsPerRequest.observe(requestStats(entry.context).upstreamCalls);
    },
  };
}
