import type { FeaturePlugins } from '../feature.js';
import type { Authenticate } from './authenticate.js';
import type { AuthConfig } from './config.js';
import { useAuth } from './useAuth.js';
import { useFieldAuthorization } from './useFieldAuthorization.js';
import { useTokenExpiry } from './useTokenExpiry.js';

interface AuthParts {
  config: { auth: Pick<AuthConfig, 'clockTolerance'> };
  /** The configuration's verifier; absent when `auth` is off. */
  authenticate?: Authenticate;
}

/** Verifies the request's token, and ends a subscription when its token expires; none when `auth` is off. */
export function tokenVerification({ config, authenticate }: AuthParts): FeaturePlugins {
  return authenticate ? [useAuth({ authenticate }), useTokenExpiry({ clockToleranceMs: config.auth.clockTolerance })] : [];
}

/** Removes the fields the caller may not read (`@authenticated`, `@requiresScopes`) from the answer. */
export function fieldAuthorization(): FeaturePlugins {
  return [useFieldAuthorization()];
}
