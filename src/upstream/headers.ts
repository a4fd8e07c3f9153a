import { claimValue, getIdentity } from '../auth/identity.js';
import { REQUEST_ID_HEADER, requestIdFromContext } from '../observability/request-id.js';
import { CONNECTION_HEADERS, HTTP_FIELD_VALUE, unsendableHeader, type HeaderValueRule } from './header-rules.js';

export interface HeaderPolicy {
  /** Lower-case names of client request headers copied to the upstream call. */
  forward: readonly string[];
  /** Header name → claim of the verified token (`sub`, `org.id`); not sent for anonymous requests. */
  claims?: Readonly<Record<string, string>>;
  /** Headers set on every upstream call (after forwarding, so they win). */
  set: Readonly<Record<string, string>>;
}

/** What we read of a request's headers; yoga's server adapter brings its own Headers class. */
export interface HeaderReader {
  get(name: string): string | null;
  /** A claim of the caller's verified token, when there is one. */
  claim?(path: string): unknown;
  /** The gateway request's id, sent to every upstream call as `x-request-id`. */
  requestId?: string;
}

/** Reads the incoming client request's headers from a GraphQL context, if it carries one. */
export function incomingHeaders(context: unknown): HeaderReader | undefined {
  const headers = (context as { request?: { headers?: { get?: unknown } } } | undefined)?.request?.headers;
  if (typeof headers?.get !== 'function') return undefined;
  const identity = getIdentity(context);
  const reader = headers as { get(name: string): string | null };
  const requestId = requestIdFromContext(context);
  return { get: (name) => reader.get(name), claim: (path) => claimValue(identity, path), ...(requestId !== undefined && { requestId }) };
}

/**
 * Builds the headers for one upstream call from the source's policy and the client request.
 * Connection headers are never forwarded, whatever the policy says. A forwarded header or a claim
 * whose value `rule` refuses is the caller's error (BAD_USER_INPUT), thrown before any call.
 */
export function upstreamHeaders(policy: HeaderPolicy, incoming: HeaderReader | undefined, rule: HeaderValueRule = HTTP_FIELD_VALUE): Record<string, string> {
  const headers: Record<string, string> = {};
  if (incoming) {
    for (const name of policy.forward) {
      if (CONNECTION_HEADERS.has(name)) continue;
      const value = incoming.get(name);
      if (value === null) continue;
      if (!rule.test(value)) throw unsendableHeader(`Request header "${name}"`, name, rule);
      headers[name] = value;
    }
    // Always sent, whatever `forward` says: the service's logs then name the request it served.
    if (incoming.requestId !== undefined) headers[REQUEST_ID_HEADER] = incoming.requestId;
  }
  for (const [name, path] of Object.entries(policy.claims ?? {})) {
    const value = incoming?.claim?.(path);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value);
    if (!rule.test(text)) throw unsendableHeader(`Claim "${path}" of the token`, name.toLowerCase(), rule);
    headers[name.toLowerCase()] = text;
  }
  for (const [name, value] of Object.entries(policy.set)) {
    if (value !== '') headers[name.toLowerCase()] = value;
  }
  return headers;
}
