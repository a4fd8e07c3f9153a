import type { GraphQLError } from 'graphql';
import type { Counter } from 'prom-client';
import type { AuthConfig } from './config.js';
import { plexusError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Identity } from './identity.js';
import { createKeyResolver } from './key-resolver.js';
import { readToken } from './read-token.js';
import { TokenRejected, createTokenVerifier, type RejectionReason, type TokenVerifier } from './verify-token.js';

export interface AuthenticatorOptions {
  /** The resolved `auth` section of gateway.yaml. */
  config: AuthConfig;
  logger: Logger;
  /** `plexus_auth_rejected_total`. */
  rejected: Counter<'reason'>;
  /** Verifies one token. Default: jose with the keys of `config`; the key set logs its own outages. */
  verify?: TokenVerifier;
}

/**
 * Finds the caller's identity in request headers: undefined for an anonymous caller, or throws an
 * `UNAUTHENTICATED` GraphQLError (HTTP 401 with a `WWW-Authenticate` challenge) for a token that is
 * not valid, or for none when `auth.required` is set.
 */
export type Authenticate = (headers: { get(name: string): string | null }) => Promise<Identity | undefined>;

/** One verifier (and one key set cache) for every transport: HTTP requests and WebSocket connections. */
export function createAuthenticator({
  config,
  logger,
  rejected,
  verify = createTokenVerifier(config, createKeyResolver(config, logger)),
}: AuthenticatorOptions): Authenticate {
  const refuse = (reason: RejectionReason, cause?: unknown): GraphQLError => {
    rejected.inc({ reason });
    // An unavailable key set is logged once per outage where it is fetched, not once per token.
    logger.debug({ reason }, 'token refused');
    const { message } = new TokenRejected(reason);
    // RFC 6750: a missing token gets a bare challenge, a bad one says why.
    const challenge = reason === 'missing' ? 'Bearer' : `Bearer error="invalid_token", error_description="${message}"`;
    return plexusError('UNAUTHENTICATED', message, { httpStatus: 401, headers: { 'www-authenticate': challenge }, cause });
  };

  return async (headers) => {
    const found = readToken(headers, config);
    if (found.kind === 'none') {
      if (config.required) throw refuse('missing');
      return undefined;
    }
    if (found.kind === 'malformed') throw refuse('malformed');
    try {
      return await verify(found.token);
    } catch (error) {
      if (error instanceof TokenRejected) throw refuse(error.reason, error);
      logger.error({ err: error }, 'token verification failed');
      throw refuse('key_set_unavailable', error);
    }
  };
}
