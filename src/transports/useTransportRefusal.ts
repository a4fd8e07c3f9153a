import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { SUPPORTED_TRANSPORTS } from './media-types.js';
import { refusalResponse } from './refusal.js';
import type { PlexusContext } from '../request-state.js';

export interface TransportRefusalOptions {
  /** Path of the GraphQL endpoint. Default `/graphql`. */
  endpoint?: string;
}

/**
 * Says what the endpoint speaks instead of an empty 406 or yoga's "Must provide query string.":
 * a result no accepted media type can carry gets a 406 naming the supported media types and
 * transports, and a WebSocket upgrade that reached the HTTP handler (no WebSocket server took it)
 * gets a 400 naming the subprotocol. Register after every plugin that chooses a result processor.
 */
export function useTransportRefusal({ endpoint = '/graphql' }: TransportRefusalOptions = {}): Plugin<PlexusContext> {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || !/\bwebsocket\b/i.test(request.headers.get('upgrade') ?? '')) return;
      endResponse(
        refusal(
          fetchAPI.Response,
          400,
          'This server does not accept WebSocket connections here. GraphQL over WebSocket uses the graphql-transport-ws subprotocol on /graphql where it is enabled; over HTTP, send operations as described in extensions.transports.',
        ),
      );
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (resultProcessor) return;
      const accept = request.headers.get('accept') ?? '*/*';
      const message = isAsyncIterable(result)
        ? `A subscription streams its events, which none of the accepted media types (${accept}) can carry: accept text/event-stream or multipart/mixed;subscriptionSpec=1.0, or use GraphQL over WebSocket`
        : `None of the accepted media types (${accept}) is one this endpoint answers with: accept application/graphql-response+json or application/json`;
      setResultProcessor(async (refused, fetchAPI) => {
        // A subscription has started by now: stop it, nobody will read it.
        if (isAsyncIterable(refused)) await refused[Symbol.asyncIterator]().return?.();
        return refusal(fetchAPI.Response, 406, message);
      }, 'application/json');
    },
  };
}

function refusal(ResponseClass: typeof Response, status: number, message: string): Response {
  const { mediaTypes, transports } = SUPPORTED_TRANSPORTS;
  return refusalResponse(ResponseClass, status, 'BAD_REQUEST', message, { mediaTypes, transports }, { accept: mediaTypes.join(', ') });
}
