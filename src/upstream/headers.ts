export interface HeaderPolicy {
  /** Lower-case names of client request headers copied to the upstream call. */
  forward: readonly string[];
  /** Headers set on every upstream call (after forwarding, so they win). */
  set: Readonly<Record<string, string>>;
}

/** What we read of a request's headers; yoga's server adapter brings its own Headers class. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Reads the incoming client request's headers from a GraphQL context, if it carries one. */
export function incomingHeaders(context: unknown): HeaderReader | undefined {
  const headers = (context as { request?: { headers?: { get?: unknown } } } | undefined)?.request?.headers;
  return typeof headers?.get === 'function' ? (headers as HeaderReader) : undefined;
}

/** Builds the headers for one upstream call from the source's policy and the client request. */
export function upstreamHeaders(policy: HeaderPolicy, incoming: HeaderReader | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (incoming) {
    for (const name of policy.forward) {
      const value = incoming.get(name);
      if (value !== null) headers[name] = value;
    }
  }
  for (const [name, value] of Object.entries(policy.set)) {
    if (value !== '') headers[name.toLowerCase()] = value;
  }
  return headers;
}
