import type { Plugin } from 'graphql-yoga';
import { REQUEST_ID_HEADER, chooseRequestId, requestIdFromContext } from './request-id.js';
import { attachRequestState, createRequestState, separateOperationState, type PlexusContext } from '../request-state.js';

/**
 * Gives every request its state (request-state.ts) and its id: the client's `x-request-id` when it
 * is short visible ASCII, else a new UUID. The id is returned in the response's `x-request-id`,
 * written in the request's log line and trace, and sent to every upstream call (see
 * upstream/headers.ts). Read it with `requestIdFromContext`.
 */
export function useRequestId(): Plugin<PlexusContext> {
  return {
    onRequest({ request, serverContext }) {
      // Made on arrival, on the server context: yoga runs a single operation on that very object,
      // so every later plugin, resolver and upstream call of the request finds the same state.
      attachRequestState(serverContext, createRequestState(chooseRequestId(request.headers.get(REQUEST_ID_HEADER))));
    },
    onParams({ context }) {
      // Before the operation is parsed: each operation of a batch has its own calls, counts and cache hints.
      separateOperationState(context);
    },
    onResponse({ request, response, serverContext }) {
      // A response made before this plugin saw the request (health checks, CORS preflights) gets an id too.
      response.headers.set(REQUEST_ID_HEADER, requestIdFromContext(serverContext) ?? chooseRequestId(request.headers.get(REQUEST_ID_HEADER)));
    },
  };
}
