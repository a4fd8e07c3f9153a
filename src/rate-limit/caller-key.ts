import { createHash } from 'node:crypto';
import { getIdentity } from '../auth/identity.js';

export interface CallerKeyOptions {
  /** Header naming an API key; unset: API keys do not identify callers. */
  apiKeyHeader?: string | undefined;
  /** Proxies in front of the gateway that append to X-Forwarded-For. */
  trustedProxies: number;
}

interface RequestContext {
  request?: { headers: { get(name: string): string | null } };
  /** Node's IncomingMessage, present when the gateway serves over node:http. */
  req?: { socket?: { remoteAddress?: string } };
}

/**
 * Who spends the budget: the verified token's subject, else the API key, else the client address.
 * Subjects and API keys are hashed: keys stay short and free of characters that mean something to
 * Redis (`{}` for Cluster hash tags), and raw API keys never reach the store.
 */
export function callerKey(context: unknown, options: CallerKeyOptions): string {
  const subject = getIdentity(context)?.subject;
  if (subject !== undefined) return `sub:${digest(subject)}`;
  const { request, req } = (context ?? {}) as RequestContext;
  const apiKey = options.apiKeyHeader ? request?.headers.get(options.apiKeyHeader) : null;
  if (apiKey) return `key:${digest(apiKey)}`;
  return `ip:${clientAddress(req?.socket?.remoteAddress, request?.headers.get('x-forwarded-for') ?? null, options.trustedProxies)}`;
}

/**
 * Each trusted proxy appends the address it received the request from, so with N proxies the
 * client is the N-th entry from the right; anything left of it may be forged by the client.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | null, trustedProxies: number): string {
  const peer = socketAddress ?? 'unknown';
  if (trustedProxies === 0 || !forwardedFor) return peer;
  const chain = [
    ...forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    peer,
  ];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)]!;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
