import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { PlexusContext } from '../request-state.js';

export interface MetricsEndpointOptions {
  registry: Registry;
  /**
   * Produces the text served instead of this registry's own, e.g. the sum over a cluster's workers.
   * When it fails, this registry's text is served with a comment saying why. Default: the registry.
   */
  render?: () => Promise<string>;
  /** Default `/metrics`. */
  path?: string;
}

/** Serves the Prometheus text format: this gateway's registry, or what `render` gives. */
export function useMetricsEndpoint({ registry, render, path = '/metrics' }: MetricsEndpointOptions): Plugin<PlexusContext> {
  const text = async () => {
    if (!render) return registry.metrics();
    try {
      return await render();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `# plexus: PARTIAL: this worker's metrics only (${reason.replace(/\n/g, ' ')})\n${await registry.metrics()}`;
    }
  };
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path || request.method !== 'GET') return;
      endResponse(new fetchAPI.Response(await text(), { headers: { 'content-type': registry.contentType } }));
    },
  };
}
