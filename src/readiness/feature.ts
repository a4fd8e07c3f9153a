import type { FeaturePlugins } from '../feature.js';
import type { Readiness } from './readiness.js';
import { useReadiness, type SchemaStatus } from './useReadiness.js';

interface ReadinessParts {
  readiness: Readiness;
  schemaStatus: () => SchemaStatus;
  /** Short hash of the configuration served. */
  version: string;
}

/** GET /readyz: the sources' checks, the schema served and the configuration's version. */
export function readinessEndpoint({ readiness, schemaStatus, version }: ReadinessParts): FeaturePlugins {
  return [useReadiness({ readiness, schema: schemaStatus, configVersion: () => version })];
}
