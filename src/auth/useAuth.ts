import type { Plugin } from 'graphql-yoga';
import type { Authenticate } from './authenticate.js';
import { setIdentity } from './identity.js';
import type { PlexusContext } from '../request-state.js';

export interface AuthOptions {
  /** Reads and verifies the token of a request (auth/authenticate.ts); shared with the WebSocket transport. */
  authenticate: Authenticate;
}

/**
 * Verifies the caller's JWT before the request is parsed and puts the identity on the request's
 * state (see auth/identity.ts), where resolvers, policies, rate limits and upstream headers read it.
 * A token that is present but not valid is always refused with 401; no token is anonymous unless
 * `auth.required` is set.
 */
export function useAuth({ authenticate }: AuthOptions): Plugin<PlexusContext> {
  return {
    async onRequestParse({ request, serverContext }) {
      const identity = await authenticate(request.headers);
      // On the request's state, before any operation starts from it (request-state.ts).
      if (identity) setIdentity(serverContext, identity);
    },
  };
}
