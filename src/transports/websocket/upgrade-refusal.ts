import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import type { CorsConfig } from '../../cors/config.js';
import { allowsOrigin } from '../../cors/cors-options.js';

/** Why an upgrade request is not served: the HTTP status and a text naming what is supported. */
export interface UpgradeRefusal {
  status: number;
  message: string;
}

export interface UpgradeRules {
  /** Path GraphQL over WebSocket is served at. */
  endpoint: string;
  /** `websocket.enabled`. */
  enabled: boolean;
  cors: CorsConfig;
}

/** The refusal for an upgrade request, or undefined when it may become a GraphQL over WebSocket connection. */
export function upgradeRefusal(request: IncomingMessage, rules: UpgradeRules): UpgradeRefusal | undefined {
  const supported = `GraphQL over WebSocket is served at ${rules.endpoint} with the subprotocol ${GRAPHQL_TRANSPORT_WS_PROTOCOL}`;
  const path = (request.url ?? '/').split('?')[0];
  if (path !== rules.endpoint) return { status: 404, message: `No WebSocket endpoint at ${path}: ${supported}` };
  if (!rules.enabled)
    return { status: 404, message: 'GraphQL over WebSocket is switched off on this gateway (websocket.enabled): use HTTP POST, or SSE for subscriptions' };
  if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket') return { status: 400, message: `Only WebSocket upgrades are served: ${supported}` };
  const protocols = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
  if (!protocols.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL)) {
    const asked =
      protocols.length === 0
        ? 'No WebSocket subprotocol was requested'
        : `Unsupported WebSocket subprotocol ${protocols.map((protocol) => `"${protocol}"`).join(', ')}`;
    return { status: 400, message: `${asked}: ${supported} (the graphql-ws library)` };
  }
  // CSRF prevention does not apply to WebSocket: browsers always send Origin on the handshake, and it is checked here.
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, request.headers.host) && !(rules.cors.enabled && allowsOrigin(rules.cors, origin))) {
    return { status: 403, message: `Origin ${origin.slice(0, 200)} is not allowed to open a WebSocket (cors.origins)` };
  }
  return undefined;
}

/** A page served by the gateway itself (GraphiQL) needs no CORS entry. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Answers the upgrade request with a plain HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, { status, message }: UpgradeRefusal): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
