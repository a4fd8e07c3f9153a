import type { Plugin } from 'graphql-yoga';
import type { Counter } from 'prom-client';
import { setIdentity } from '../auth/identity.js';
import { createKeyResolver } from '../auth/key-resolver.js';
import { readToken } from '../auth/read-token.js';
import { TokenRejected, createTokenVerifier, type RejectionReason, type TokenVerifier } from '../auth/verify-token.js';
import type { AuthConfig } from '../config/auth-config.js';
import { plexusError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface AuthOptions {
  /** The resolved `auth` section of gateway.yaml. */
  config: AuthConfig;
  logger: Logger;
  /** `plexus_auth_rejected_total`. */
  rejected: Counter<'reason'>;
  /** Verifies one token. Default: jose with the keys of `config`; the key set logs its own outages. */
  verify?: TokenVerifier;
}

/**
 * Verifies the caller's JWT before the request is parsed and puts the identity on the request's
 * state (see auth/identity.ts), where resolvers, policies, rate limits and upstream headers read it.
 * A token that is present but not valid is always refused with 401; no token is anonymous unless
 * `auth.required` is set.
 */
export function useAuth({ config, logger, rejected, verify = createTokenVerifier(config, createKeyResolver(config, logger)) }: AuthOptions): Plugin {
  const refuse = (reason: RejectionReason, cause?: unknown) => {
    rejected.inc({ reason });
    // An unavailable key set is logged once per outage where it is fetched, not once per token.
    logger.debug({ reason }, 'token refused');
    const { message } = new TokenRejected(reason);
    // RFC 6750: a missing token gets a bare challenge, a bad one says why.
    const challenge = reason === 'missing' ? 'Bearer' : `Bearer error="invalid_token", error_description="${message}"`;
    return plexusError('UNAUTHENTICATED', message, { httpStatus: 401, headers: { 'www-authenticate': challenge }, cause });
  };

  return {
    async onRequestParse({ request, serverContext }) {
      const found = readToken(request.headers, config);
      if (found.kind === 'none') {
        if (config.required) throw refuse('missing');
        return;
      }
      if (found.kind === 'malformed') throw refuse('malformed');
      try {
        // On the request's state, before any operation starts from it (request-state.ts).
        setIdentity(serverContext, await verify(found.token));
      } catch (error) {
        if (error instanceof TokenRejected) throw refuse(error.reason, error);
        logger.error({ err: error }, 'token verification failed');
        throw refuse('key_set_unavailable', error);
      }
    },
  };
}
