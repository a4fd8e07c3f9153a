import type { Plugin } from 'graphql-yoga';
import { REQUEST_ID_HEADER, requestIdOf } from '../observability/request-id.js';

/**
 * Gives every request an id: the client's `x-request-id` when it is short visible ASCII, else a new
 * UUID. The id is returned in the response's `x-request-id`, written in the request's log line and
 * trace, and sent to every upstream call (see upstream/headers.ts). Read it with `requestIdOf`.
 */
export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      // Fixed on arrival, so every later reader (logs, traces, upstream calls) gets the same id.
      requestIdOf(request);
    },
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
