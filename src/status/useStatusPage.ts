import { randomBytes } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { carriesBearerToken } from './bearer-token.js';
import { renderStatusPage } from './render-page.js';
import type { StatusBoard } from './status-board.js';
import type { PlexusContext } from '../request-state.js';

export interface StatusPageOptions {
  board: StatusBoard;
  /** When set, both paths require `Authorization: Bearer <token>`. Default: open. */
  token?: string;
  /** Default `/status`; the data is at the same path plus `.json`. */
  path?: string;
}

/**
 * Headers of every answer: never cached, never sniffed. A new object each time: the server
 * adapter's Headers may write into the object it was made from (compression sets its coding there).
 */
const commonHeaders = (): Record<string, string> => ({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });

/**
 * The operator's page (`/status`, HTML) and its data (`/status.json`). Only registered when
 * `status.enabled`, so a gateway without it answers those paths 404 like any unknown path.
 */
export function useStatusPage({ board, token, path = '/status' }: StatusPageOptions): Plugin<PlexusContext> {
  const dataPath = `${path}.json`;
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path && url.pathname !== dataPath) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD', ...commonHeaders() } }));
      }
      if (token !== undefined && !carriesBearerToken(request.headers.get('authorization'), token)) {
        return endResponse(
          fetchAPI.Response.json(
            { error: 'the status page needs Authorization: Bearer <status.token>' },
            { status: 401, headers: { 'www-authenticate': 'Bearer realm="plexus-status"', ...commonHeaders() } },
          ),
        );
      }
      const report = await board.report();
      if (url.pathname === dataPath) return endResponse(fetchAPI.Response.json(report, { headers: commonHeaders() }));
      // Inline style and script run under this response's nonce, and the script may only call back home;
      // the empty data: icon keeps browsers from asking for /favicon.ico.
      const nonce = randomBytes(16).toString('base64');
      const policy = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
      endResponse(
        new fetchAPI.Response(renderStatusPage(report, nonce), {
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy, 'x-frame-options': 'DENY', ...commonHeaders() },
        }),
      );
    },
  };
}
