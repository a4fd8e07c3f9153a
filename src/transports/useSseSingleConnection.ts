import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { TOKEN_HEADER_KEY, TOKEN_QUERY_KEY } from 'graphql-sse';
import type { HttpStreamsConfig } from './http-streams-config.js';
import { clientAddress } from '../rate-limit/caller-key.js';
import { refusalResponse } from './refusal.js';
import { createReservations, type StreamOwner } from './sse/reservations.js';
import { createReservedStream, type ReservedStream } from './sse/reserved-stream.js';
import type { HandleRequest } from './sse/through-yoga.js';
import type { PlexusContext } from '../request-state.js';

export interface SseSingleConnectionOptions {
  /** The `httpStreams` section: caps and timeout of reservations. */
  config: HttpStreamsConfig;
  /** The header carrying the caller's credentials (`auth.header`): a stream is bound to its value. */
  credentialsHeader: string;
  /** Proxies in front of the gateway that append to `X-Forwarded-For` (`rateLimit.trustedProxies`). */
  trustedProxies: number;
  /** The gateway's whole request path (the yoga server adapter's `handleRequest`), which each operation takes. */
  handle: HandleRequest;
  /** The server context an operation runs with, held for the operation's life (the schema generation). */
  hold?: () => { context: Record<string, unknown>; release(): void };
  /** Default `/graphql`. */
  endpoint?: string;
}

/**
 * GraphQL over SSE in single-connection mode (graphql-sse's protocol) on the GraphQL endpoint: PUT
 * reserves a stream and answers its token, GET or POST with the token and `Accept:
 * text/event-stream` opens it, POST with the token runs an operation on it, DELETE stops one.
 * Requests without a token (distinct connections) are yoga's own. The protocol is graphql-sse's
 * handler, one per reservation so that a closed reservation leaves nothing behind; each operation
 * runs through yoga's whole request path (see through-yoga.ts).
 */
export function useSseSingleConnection({
  config,
  credentialsHeader,
  trustedProxies,
  handle,
  hold,
  endpoint = '/graphql',
}: SseSingleConnectionOptions): Plugin<PlexusContext> {
  const reservations = createReservations<ReservedStream>({
    max: config.maxReservations,
    maxPerClient: config.maxReservationsPerClient,
    timeoutMs: config.reservationTimeout,
    onRelease: (stream) => (stream as ReservedStream).close(),
  });

  const ownerOf = (request: Request, serverContext: { req?: { socket?: { remoteAddress?: string } } }): StreamOwner => ({
    client: clientAddress(serverContext.req?.socket?.remoteAddress, request.headers.get('x-forwarded-for'), trustedProxies),
    credentials: createHash('sha256')
      .update(request.headers.get(credentialsHeader) ?? '')
      .digest('base64url'),
  });

  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      const token = request.headers.get(TOKEN_HEADER_KEY) ?? url.searchParams.get(TOKEN_QUERY_KEY);
      // graphql-sse's client reserves with a bare PUT; a PUT with a body is a mistake yoga answers with 405.
      const reserving = request.method === 'PUT' && !request.headers.has('content-type');
      if (!reserving && request.method !== 'DELETE' && token === null) return;
      const owner = ownerOf(request, serverContext as never);

      if (reserving) {
        const outcome = reservations.reserve(owner, (reserved) => createReservedStream({ token: reserved, handle, fetchAPI, ...(hold && { hold }) }));
        if (!outcome.ok) {
          const [status, limit] =
            outcome.reason === 'client-full' ? [429, `${config.maxReservationsPerClient} per client`] : [503, `${config.maxReservations} in all`];
          endResponse(
            refusalResponse(
              fetchAPI.Response,
              status,
              'RATE_LIMITED',
              `Too many open event streams (at most ${limit}): close a stream before reserving another`,
            ),
          );
          return;
        }
        const response = await outcome.reservation.value.handler(request, serverContext);
        if (response.status !== 201) reservations.release(outcome.reservation.token);
        endResponse(response);
        return;
      }

      const reservation = token === null ? undefined : reservations.find(token, owner);
      if (!reservation) {
        // Another caller's token is answered like an unknown one: nothing tells that it exists.
        endResponse(
          refusalResponse(
            fetchAPI.Response,
            404,
            'BAD_REQUEST',
            `No event stream is reserved under this ${TOKEN_HEADER_KEY} for this caller: reserve one with PUT ${endpoint}`,
          ),
        );
        return;
      }
      if ((request.headers.get('accept') ?? '') === 'text/event-stream') {
        reservation.opened();
        endResponse(await reservation.value.open(request, serverContext, () => reservations.release(reservation.token)));
        return;
      }
      endResponse(await reservation.value.handler(request, serverContext));
    },
  };
}
