import type { FeaturePlugins } from '../feature.js';
import type { LimitsConfig } from '../limits/config.js';
import type { UploadsConfig } from './config.js';
import { useUploads } from './useUploads.js';

/** GraphQL multipart requests, files streamed to disk; none without `uploads.enabled`. */
export function uploads({ config }: { config: { uploads: UploadsConfig; limits: Pick<LimitsConfig, 'maxBodySize'> } }): FeaturePlugins {
  return config.uploads.enabled ? [useUploads({ config: config.uploads, maxFieldSize: config.limits.maxBodySize })] : [];
}
