import type { Plugin } from 'graphql-yoga';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { plexusError } from '../errors.js';

export interface CsrfPreventionOptions {
  /** Any one of these headers lets a request through that a browser could send cross-site without a preflight. */
  requestHeaders: readonly string[];
}

/**
 * Refuses "simple" requests (form posts, `text/plain` bodies, GET without a custom header) that a
 * page on another site could make a browser send with the user's cookies. JSON POSTs need a CORS
 * preflight and pass. The check is yoga's; this adds Plexus's error code.
 */
export function useCsrfPrevention({ requestHeaders }: CsrfPreventionOptions): Plugin {
  const check = useCSRFPrevention({ requestHeaders: [...requestHeaders] }).onRequestParse!;
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch (error) {
        throw plexusError('FORBIDDEN', `Request refused as a possible cross-site request forgery: send it as application/json or with one of the headers ${requestHeaders.join(', ')}`, {
          httpStatus: 403,
          cause: error,
        });
      }
    },
  };
}
