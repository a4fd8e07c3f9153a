import type { CorsConfig } from './config.js';
import { matchesOrigin } from './origin-pattern.js';

/** What graphql-yoga's `cors` option takes here: off, or the CORS answer for each request. */
export type CorsOption = false | ((request: Request) => false | { origin: string; credentials: boolean; maxAge?: number });

/** True when the `cors` config lets a page on `origin` read the gateway's answers. */
export function allowsOrigin(cors: CorsConfig, origin: string): boolean {
  return cors.origins === '*' || cors.origins.some((pattern) => matchesOrigin(pattern, origin));
}

/**
 * graphql-yoga's `cors` option for the `cors` config. Left to its defaults, yoga echoes any Origin
 * together with `Access-Control-Allow-Credentials: true`; here credentials are allowed only when
 * configured (and then only for listed origins), and an origin that is not allowed gets no CORS
 * header at all, on the preflight as on the request.
 */
export function corsOptions(cors: CorsConfig): CorsOption {
  if (!cors.enabled) return false;
  const answer = { credentials: cors.credentials, ...(cors.maxAge !== undefined && { maxAge: cors.maxAge }) };
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowsOrigin(cors, origin)) return false;
    // For "*" yoga echoes the request's Origin and adds Vary: Origin; only an allowed origin gets here.
    return { origin: '*', ...answer };
  };
}
