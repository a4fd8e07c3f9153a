import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveDemo, type DemoService } from '../serve.js';
import { users, usersById } from './data.js';

const MAX_LIMIT = 50;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A non-negative integer query parameter, or the fallback; undefined when the text is not one. */
function integer(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The REST API described by sources/users/openapi.yaml. Headers it does not know (the ones the
 * gateway forwards: authorization, x-request-id) are accepted and ignored.
 */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { message: `method ${req.method} is not allowed` });
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return send(res, 400, { message: 'malformed percent-encoding in the path' });
  }
  if (segments[0] !== 'users' || segments.length > 2) return send(res, 404, { message: `no route for ${url.pathname}` });
  if (segments.length === 1) {
    const limit = integer(url.searchParams.get('limit'), 20);
    const offset = integer(url.searchParams.get('offset'), 0);
    if (limit === undefined || offset === undefined) return send(res, 400, { message: 'limit and offset must be non-negative integers' });
    return send(res, 200, users.slice(offset, offset + Math.min(limit, MAX_LIMIT)));
  }
  if (segments[1] === 'batch') {
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    return send(
      res,
      200,
      ids.flatMap((id) => usersById.get(id) ?? []),
    );
  }
  const user = usersById.get(segments[1]!);
  return user ? send(res, 200, user) : send(res, 404, { message: `no user with id ${segments[1]}` });
}

/** The `users` demo service: a plain REST API on /users. */
export function startUsers(port: number, host = '127.0.0.1'): Promise<DemoService> {
  return serveDemo('users', handle, port, host, '');
}
