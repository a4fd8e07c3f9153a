import type { ErrorCode } from '../errors.js';

/** A transport-level refusal: a GraphQL error body, never an empty one, since clients show its message. */
export function refusalResponse(
  ResponseClass: typeof Response,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new ResponseClass(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
