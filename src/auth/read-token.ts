import type { AuthConfig } from './config.js';

/** What the auth header of a request holds. */
export type TokenInRequest = { kind: 'none' } | { kind: 'token'; token: string } | { kind: 'malformed' };

/**
 * Reads the token from the configured header. A header that is present but not of the form
 * `<scheme> <token>` is malformed, never "no token": a client that meant to authenticate must learn it failed.
 */
export function readToken(headers: { get(name: string): string | null }, config: Pick<AuthConfig, 'header' | 'scheme'>): TokenInRequest {
  const value = headers.get(config.header)?.trim();
  if (value === undefined || value === '') return { kind: 'none' };
  let token = value;
  if (config.scheme !== '') {
    const space = value.indexOf(' ');
    if (space < 0 || value.slice(0, space).toLowerCase() !== config.scheme.toLowerCase()) return { kind: 'malformed' };
    token = value.slice(space + 1).trim();
  }
  // Several tokens joined by a proxy, or anything that is not a compact JWS, is refused outright.
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(token)) return { kind: 'malformed' };
  return { kind: 'token', token };
}
