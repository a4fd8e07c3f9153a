import type { FeaturePlugins } from '../feature.js';
import type { CsrfConfig } from './config.js';
import { useCsrfPrevention } from './useCsrfPrevention.js';

/** Refuses requests a browser could send cross-site without a preflight; none without `csrf.enabled`. */
export function csrfPrevention({ config }: { config: { csrf: CsrfConfig } }): FeaturePlugins {
  return config.csrf.enabled ? [useCsrfPrevention({ requestHeaders: config.csrf.requestHeaders })] : [];
}
