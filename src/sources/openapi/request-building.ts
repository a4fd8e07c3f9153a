import { stringify } from 'lossless-json';
import { upstreamHeaders, type HeaderPolicy, type HeaderReader } from '../../upstream/headers.js';
import type { HttpBody } from '../../upstream/http-client.js';
import { encodeBody } from './body-encoding.js';
import type { OperationPlan } from './operations.js';
import { cookiePair, headerValue, pathValue, queryPairs } from './parameter-serialization.js';
import { credentialsFor } from './security.js';
import { toWire } from './wire-values.js';

export interface UpstreamRequest {
  method: OperationPlan['method'];
  /** Path and query, encoded, to append to the endpoint. */
  path: string;
  headers: Record<string, string>;
  body?: HttpBody;
}

/**
 * Builds the HTTP request for one call of an operation. Headers are layered so that the more
 * deliberate source wins: forwarded client headers (and token claims), then header arguments,
 * then credentials, then the `headers.set` of `source.yaml`.
 */
export async function buildRequest(
  plan: OperationPlan,
  args: Record<string, unknown>,
  incoming: HeaderReader | undefined,
  policy: HeaderPolicy,
): Promise<UpstreamRequest> {
  const forwarded = upstreamHeaders({ ...policy, set: {} }, incoming);
  const headers: Record<string, string> = { ...forwarded };
  const pathValues = new Map<string, string>();
  let query: string[] = [];
  const cookies: string[] = [];
  for (const parameter of plan.parameters) {
    let value = toWire(args[parameter.argument], parameter.type);
    if (value === undefined || value === null) continue;
    if (parameter.json) value = stringify(value);
    switch (parameter.in) {
      case 'path':
        pathValues.set(parameter.name, pathValue(parameter, value));
        break;
      case 'query':
        query.push(...queryPairs(parameter, value));
        break;
      case 'header':
        headers[parameter.name.toLowerCase()] = headerValue(parameter, value);
        break;
      case 'cookie':
        cookies.push(cookiePair(parameter, value));
        break;
    }
  }
  for (const credential of credentialsFor(plan.security, forwarded)) {
    const pair = `${encodeURIComponent(credential.name)}=${encodeURIComponent(credential.value!)}`;
    if (credential.location === 'header') headers[credential.name] = credential.value!;
    else if (credential.location === 'query') {
      // The credential wins over an argument of the same name, as it does for headers: sent once.
      const name = `${encodeURIComponent(credential.name)}=`;
      query = [...query.filter((entry) => !entry.startsWith(name)), pair];
    } else cookies.push(pair);
  }
  if (cookies.length > 0) headers['cookie'] = [headers['cookie'], ...cookies].filter(Boolean).join('; ');
  headers['accept'] = plan.response.accept;
  let body: HttpBody | undefined;
  const bodyValue = plan.body ? toWire(args[plan.body.argument], plan.body.type) : undefined;
  if (plan.body && bodyValue !== undefined && bodyValue !== null) {
    const encoded = await encodeBody(plan.body, bodyValue);
    body = encoded.body;
    if (encoded.contentType !== undefined) headers['content-type'] = encoded.contentType;
    Object.assign(headers, encoded.headers);
  }
  Object.assign(headers, upstreamHeaders({ forward: [], set: policy.set }, undefined));
  const path = plan.path.replace(/\{([^}]+)\}/g, (template, name: string) => pathValues.get(name) ?? template);
  const separator = path.includes('?') ? '&' : '?';
  return { method: plan.method, path: query.length > 0 ? path + separator + query.join('&') : path, headers, ...(body !== undefined && { body }) };
}
