import type { FeaturePlugins } from '../feature.js';
import type { StatusConfig } from './config.js';
import type { StatusBoard } from './status-board.js';
import { useStatusPage } from './useStatusPage.js';

interface StatusParts {
  config: { status: Pick<StatusConfig, 'token'> };
  /** Present when `status.enabled`. */
  statusBoard?: StatusBoard;
}

/** The operator's page at /status and /status.json; none without `status.enabled`. */
export function statusPage({ config, statusBoard }: StatusParts): FeaturePlugins {
  return statusBoard ? [useStatusPage({ board: statusBoard, ...(config.status.token !== undefined && { token: config.status.token }) })] : [];
}
