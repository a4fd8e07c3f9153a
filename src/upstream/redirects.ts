import type { Dispatcher } from 'undici';
import type { HttpBody } from './http-body.js';

/** One request of a call: the first, or one a redirect asked for. */
export interface Hop {
  method: Dispatcher.HttpMethod;
  /** Path and query from the origin's root, encoded. */
  target: string;
  headers: Record<string, string>;
  body: HttpBody | undefined;
  /** Undefined leaves it to the method (GET and HEAD may be retried). */
  idempotent: boolean | undefined;
}

/** Where a redirect leads: the next hop, or why it is not followed. */
export type Redirect = { hop: Hop } | { refused: string };

/** Statuses that send a request elsewhere; 300 (a choice) and 304 (not modified) do not. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The request a redirect answer asks for, as RFC 9110 (15.4) says: 303 is fetched with GET (HEAD
 * stays HEAD) and without the body; 307 and 308 repeat the method and the body; 301 and 302 are
 * followed for GET and HEAD only, since clients once turned a POST into a GET and the service
 * cannot mean that. The Location is the service's text: it is read as a URL relative to the
 * request's, and only a target of the same origin (scheme, host and port) is followed, so that
 * no service can make the gateway call another host. Undefined when the answer is no redirect.
 */
export function redirectOf(status: number, location: unknown, from: Hop, origin: string): Redirect | undefined {
  if (!REDIRECTS.has(status)) return undefined;
  const url = locationUrl(location, new URL(from.target, origin));
  if (!url) return { refused: 'without a valid Location' };
  if (url.origin !== origin) return { refused: "redirecting to another origin: redirects are followed only within the source's own origin" };
  const target = url.pathname + url.search;
  if (status === 307 || status === 308) return { hop: { ...from, target } };
  if (status === 303) {
    const { 'content-type': _type, ...headers } = from.headers;
    const method = from.method === 'HEAD' ? 'HEAD' : 'GET';
    return { hop: { method, target, headers, body: undefined, idempotent: from.method === method ? from.idempotent : undefined } };
  }
  if (from.method !== 'GET' && from.method !== 'HEAD') return { refused: `to a ${from.method}; 301 and 302 are followed for GET and HEAD only` };
  return { hop: { ...from, target } };
}

/** A Location header's value as an http or https URL, relative to `base`; undefined for anything else. */
export function locationUrl(location: unknown, base: URL | string): URL | undefined {
  if (typeof location !== 'string') return undefined;
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
