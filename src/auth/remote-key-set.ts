import { createRemoteJWKSet, customFetch, errors, jwksCache, type ExportedJWKSCache, type JWKSCacheInput, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../logger.js';

export interface RemoteKeySetOptions {
  /** `auth.jwksUrl`. */
  url: string;
  /** `auth.jwks.cacheMaxAge`, in milliseconds. */
  cacheMaxAge: number;
  /** `auth.jwks.cooldown`, in milliseconds: least time between two fetches, failed or not. */
  cooldown: number;
  /** `auth.jwks.timeout`, in milliseconds. */
  timeout: number;
  logger: Logger;
}

/** Raised instead of a fetch while the last fetch failed less than a cooldown ago. */
export class KeySetCoolingDown extends Error {
  constructor() {
    super('the key set is not fetched again until the cooldown after the failed fetch has passed');
    this.name = 'KeySetCoolingDown';
  }
}

/** True when `error`, raised while looking up a key, means the key set itself could not be had. */
export function isKeySetFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // jose reports a non-200 answer or a body that is not JSON as a plain JOSEError.
  if (error instanceof errors.JOSEError) return error.constructor === errors.JOSEError;
  // Not a JOSE error: no connection, or a fetch refused during the cooldown.
  return true;
}

/**
 * The key set at `auth.jwksUrl`, fetched and cached by jose. jose spaces fetches by the cooldown
 * only after a successful one; here a failed fetch is cooled down too, so a failing endpoint is
 * asked at most once per cooldown however many tokens arrive (concurrent ones share jose's fetch
 * in flight). Only fetching is held back: keys already cached and fresh keep verifying meanwhile.
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): JWTVerifyGetKey {
  const { url, cooldown, logger } = options;
  // jose writes the time of each successful fetch here.
  const cache: Partial<ExportedJWKSCache> = {};
  // Set from a failed fetch until one succeeds: when it failed, and the last success before it.
  let outage: { failedAt: number; lastSuccess: number | undefined } | undefined;

  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: options.cacheMaxAge,
    cooldownDuration: cooldown,
    timeoutDuration: options.timeout,
    [jwksCache]: cache as JWKSCacheInput,
    [customFetch]: (input, init) =>
      outage !== undefined && Date.now() < outage.failedAt + cooldown ? Promise.reject(new KeySetCoolingDown()) : fetch(input, init),
  });

  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isKeySetFailure(error) && !(error instanceof KeySetCoolingDown)) {
        if (outage === undefined)
          logger.error({ err: error, jwksUrl: url }, 'JWKS key set is unavailable: tokens that need it are refused until a fetch succeeds');
        outage = { failedAt: Date.now(), lastSuccess: cache.uat };
      }
      throw error;
    } finally {
      if (outage !== undefined && cache.uat !== outage.lastSuccess) {
        outage = undefined;
        logger.info({ jwksUrl: url }, 'JWKS key set is available again');
      }
    }
  };
}
