import type { IncomingMessage } from 'node:http';

// Headers of the handshake that describe the WebSocket itself, not the caller.
const HANDSHAKE = new Set([
  'connection',
  'upgrade',
  'content-length',
  'transfer-encoding',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
]);

/**
 * The header `name` as a `connection_init` payload carries it: `{ authorization: "Bearer ..." }`
 * or `{ headers: { authorization: "Bearer ..." } }`, in any case. Browsers cannot set headers on a
 * WebSocket, so this is where their token travels.
 */
export function payloadHeader(payload: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const nested = payload?.['headers'];
  for (const holder of [payload, nested]) {
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) continue;
    for (const [key, value] of Object.entries(holder)) if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * The headers every operation of a connection is seen with: those of the upgrade request, with the
 * auth header of the `connection_init` payload in place of the handshake's when the payload has
 * one. Nothing else is read from the payload: it must not set the headers a proxy vouches for.
 */
export function connectionHeaders(upgrade: IncomingMessage, payload: Readonly<Record<string, unknown>> | undefined, authHeader: string): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(upgrade.headers)) {
    if (value === undefined || HANDSHAKE.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const token = payloadHeader(payload, authHeader);
  if (token !== undefined) headers.set(authHeader, token);
  return headers;
}
