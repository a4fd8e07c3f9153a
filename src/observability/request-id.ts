import { randomUUID } from 'node:crypto';
import { requestStateOf } from '../request-state.js';

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

/** The id a new request gets: the client's `x-request-id` when acceptable, else a new UUID. */
export function chooseRequestId(clientValue: string | null | undefined): string {
  return acceptRequestId(clientValue) ?? randomUUID();
}

/** The request id of the request a GraphQL context serves; undefined for a context that is not a gateway request. */
export function requestIdFromContext(context: unknown): string | undefined {
  return requestStateOf(context)?.requestId;
}
