import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

export interface MetricsEndpointOptions {
  registry: Registry;
  /** Default `/metrics`. */
  path?: string;
}

/** Serves the Prometheus text format. */
export function useMetricsEndpoint({ registry, path = '/metrics' }: MetricsEndpointOptions): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path || request.method !== 'GET') return;
      endResponse(new fetchAPI.Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } }));
    },
  };
}
