import type { Plugin } from 'graphql-yoga';
import { isAsyncIterable } from '@graphql-tools/utils';
import { performance } from 'node:perf_hooks';
import type { RequestMetrics } from './metrics.js';
import { requestStats } from '../upstream/request-stats.js';
import { receivedAt, recordRequest } from './request-report.js';
import { followSubscription } from './subscription-stream.js';
import type { PlexusContext } from '../request-state.js';

export interface RequestMetricsOptions {
  metrics: RequestMetrics;
  /** Path of the GraphQL endpoint; other paths (/metrics, /readyz) are not counted. Default `/graphql`. */
  endpoint?: string;
}

interface Pending {
  started: number;
  hasErrors: boolean;
  answered: boolean;
  context?: object;
  /** A subscription of the request opened a stream: it is counted when the stream ends. */
  streaming?: boolean;
}

/**
 * Counts and times GraphQL requests, and records how many upstream calls each one made. A
 * subscription is counted once, when its stream ends (over any transport), with the upstream calls
 * of its whole life; its duration and events go to histograms of their own, so that streams that
 * live for minutes do not bury the latency of queries. `plexus_subscriptions_active` counts the
 * streams open now.
 */
export function useRequestMetrics({ metrics, endpoint = '/graphql' }: RequestMetricsOptions): Plugin<PlexusContext> {
  const pending = new WeakMap<Request, Pending>();
  return {
    onRequest({ request, url, serverContext }) {
      if (url.pathname === endpoint) pending.set(request, { started: receivedAt(serverContext), hasErrors: false, answered: false });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request && pending.get(request);
      if (entry) entry.context = args.contextValue as object;
    },
    onSubscribe({ args }) {
      const context = args.contextValue as object;
      const request = (context as { request?: Request }).request;
      const entry = request && pending.get(request);
      const started = entry?.started ?? performance.now();
      return followSubscription(() => {
        if (entry) entry.streaming = true;
        metrics.subscriptionsActive.inc();
        let events = 0;
        let failed = false;
        return {
          event(result) {
            events++;
            if ((result.errors?.length ?? 0) > 0) failed = true;
          },
          ended() {
            metrics.subscriptionsActive.dec();
            recordRequest(metrics, failed ? 'error' : 'ok', { upstreamCalls: requestStats(context).upstreamCalls });
            metrics.subscriptionDuration.observe((performance.now() - started) / 1000);
            metrics.subscriptionEvents.observe(events);
          },
        };
      });
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
      if (!entry || (!entry.answered && response.status < 400) || entry.streaming) return;
      recordRequest(metrics, entry.hasErrors || response.status >= 400 ? 'error' : 'ok', {
        seconds: (performance.now() - entry.started) / 1000,
        ...(entry.context && { upstreamCalls: requestStats(entry.context).upstreamCalls }),
      });
    },
  };
}
