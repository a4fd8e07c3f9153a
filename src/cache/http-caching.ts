import { createHash } from 'node:crypto';
import fresh from 'fresh';
import type { StoredResponse } from './response-store.js';

/** A strong validator for a serialized response. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * `Cache-Control` for a cached answer: `public` when anyone may share it, `private` when it belongs
 * to a subject or a set of scopes; `max-age` is what is left of its TTL, so an HTTP cache in front
 * never keeps it longer than the gateway would.
 */
export function cacheControlFor(response: StoredResponse, shared: boolean, now: number): string {
  const maxAge = Math.max(0, Math.floor((response.storedAt + response.ttl - now) / 1000));
  return `${shared ? 'public' : 'private'}, max-age=${maxAge}`;
}

/**
 * True when the client already holds this response: its `If-None-Match` names the current ETag.
 * The request's `Cache-Control` is not consulted: the gateway is the origin here, and an origin
 * answers a conditional request from the current representation (fetch adds `no-cache` to every
 * conditional request).
 */
export function clientHasCurrent(request: Request, etag: string): boolean {
  const ifNoneMatch = request.headers.get('if-none-match');
  return ifNoneMatch !== null && fresh({ 'if-none-match': ifNoneMatch }, { etag });
}

/** The 304 for a response the client holds: its headers, without a body or what describes one. */
export function notModified(response: Response, ResponseClass: typeof Response): Response {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') headers[name] = value;
  });
  return new ResponseClass(null, { status: 304, headers });
}
