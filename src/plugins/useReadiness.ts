import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Readiness } from '../server/readiness.js';

export interface ReadinessEndpointOptions {
  readiness: Readiness;
  /** Default `/readyz`. */
  path?: string;
}

/** `/readyz`: 200 when every source answered its check, else 503 with a JSON body naming the failing ones. */
export function useReadiness({ readiness, path = '/readyz' }: ReadinessEndpointOptions): Plugin {
  return useReadinessCheck({
    endpoint: path,
    async check({ fetchAPI }) {
      const report = await readiness.check();
      const failing = report.sources.filter((source) => !source.ready).map((source) => source.source);
      return fetchAPI.Response.json({ ...report, failing }, { status: report.ready ? 200 : 503 });
    },
  });
}
