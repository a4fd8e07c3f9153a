import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Readiness } from './readiness.js';

/** The schema a gateway serves, as `/readyz` shows it. */
export interface SchemaStatus {
  /** Short hash of the composed schema; equal on replicas serving the same sources and links. */
  version: string;
  /** When this schema was loaded, ISO 8601. */
  loadedAt: string;
}

export interface ReadinessEndpointOptions {
  readiness: Readiness;
  /** The schema being served, added to the body as `schema`. Default: not shown. */
  schema?: () => SchemaStatus;
  /** Short hash of the configuration served, added to the body as `configVersion`. Default: not shown. */
  configVersion?: () => string;
  /** Default `/readyz`. */
  path?: string;
}

/** `/readyz`: 200 when every source answered its check, else 503 with a JSON body naming the failing ones. *
 * Typed on yoga's bare context, as yoga's readiness check is: it reads no request state.
 */
export function useReadiness({ readiness, schema, configVersion, path = '/readyz' }: ReadinessEndpointOptions): Plugin {
  return useReadinessCheck({
    endpoint: path,
    async check({ fetchAPI }) {
      const report = await readiness.check();
      const failing = report.sources.filter((source) => !source.ready).map((source) => source.source);
      return fetchAPI.Response.json(
        { ...report, failing, ...(schema && { schema: schema() }), ...(configVersion && { configVersion: configVersion() }) },
        { status: report.ready ? 200 : 503 },
      );
    },
  });
}
