import type { Plugin } from 'graphql-yoga';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { plexusError } from '../errors.js';
import { isEventStreamGet } from '../transports/media-types.js';
import type { PlexusContext } from '../request-state.js';

export interface CsrfPreventionOptions {
  /** Any one of these headers lets a request through that a browser could send cross-site without a preflight. */
  requestHeaders: readonly string[];
}

/**
 * Refuses "simple" requests (form posts, `text/plain` bodies, GET without a custom header) that a
 * page on another site could make a browser send with the user's cookies. JSON POSTs need a CORS
 * preflight and pass. The check is yoga's; this adds Plexus's error code.
 *
 * A GET asking only for `text/event-stream` passes: it is what `EventSource` (and GraphiQL's
 * subscriptions) send, and `EventSource` cannot add a header. Such a request can only run a query
 * or a subscription (yoga refuses a mutation over GET with 405), which by GraphQL's contract has no
 * side effect, and the page that caused it reads the answer only where CORS lets it read any
 * answer. What CSRF prevention exists for, a side effect under the victim's cookies, stays refused.
 */
export function useCsrfPrevention({ requestHeaders }: CsrfPreventionOptions): Plugin<PlexusContext> {
  const check = useCSRFPrevention({ requestHeaders: [...requestHeaders] }).onRequestParse!;
  return {
    onRequestParse(payload) {
      if (isEventStreamGet(payload.request)) return;
      try {
        return check(payload);
      } catch (error) {
        throw plexusError(
          'FORBIDDEN',
          `Request refused as a possible cross-site request forgery: send it as application/json or with one of the headers ${requestHeaders.join(', ')}`,
          {
            httpStatus: 403,
            cause: error,
          },
        );
      }
    },
  };
}
