import { randomUUID } from 'node:crypto';

/** The header a request id travels in: from the client, back in the response, and to every upstream call. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest client-chosen id kept; longer ones are replaced (they would bloat every log line). */
const MAX_LENGTH = 128;
// Visible ASCII only: no spaces, line breaks or control characters that could split or forge a log line or header.
const ACCEPTED = /^[\x21-\x7e]+$/;

/** The client's id when it is safe to log and forward as it is, else undefined. */
export function acceptRequestId(value: string | null | undefined): string | undefined {
  return value && value.length <= MAX_LENGTH && ACCEPTED.test(value) ? value : undefined;
}

// By HTTP request rather than GraphQL context: a batched request runs one context per operation
// and is still one request, with one id, to its client.
const ids = new WeakMap<object, string>();

/** The id of an HTTP request: the client's `x-request-id` when acceptable, else a new UUID; the same on every call. */
export function requestIdOf(request: { headers: { get(name: string): string | null } }): string {
  let id = ids.get(request);
  if (id === undefined) {
    id = acceptRequestId(request.headers.get(REQUEST_ID_HEADER)) ?? randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** The request id of the HTTP request a GraphQL context serves, if the context carries one. */
export function requestIdFromContext(context: unknown): string | undefined {
  const request = (context as { request?: { headers?: { get?: unknown } } } | null | undefined)?.request;
  return typeof request?.headers?.get === 'function' ? requestIdOf(request as Parameters<typeof requestIdOf>[0]) : undefined;
}
