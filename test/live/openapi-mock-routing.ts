import type { IHttpRequest } from '@stoplight/prism-http';
import type { MockOperation } from './openapi-mock.js';

/**
 * The operations with the `#fragment` of their path keys left out: a fragment is never sent (AWS
 * documents tell operations on one path apart by `/#Action=...`), so it cannot route a request.
 */
export function withoutFragments(operations: MockOperation[]): MockOperation[] {
  return operations.map((operation) => (operation.path.includes('#') ? { ...operation, path: operation.path.slice(0, operation.path.indexOf('#')) || '/' } : operation));
}

/** Whether a request path fits a path template (`/users/{id}`). */
export function pathMatches(template: string, path: string): boolean {
  const parts = template.split(/\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`).test(path);
}

/** The operations whose method and path template fit a request. */
export function routesOf(operations: MockOperation[], input: IHttpRequest): MockOperation[] {
  return operations.filter((operation) => operation.method === input.method && pathMatches(operation.path, input.url.path));
}

/** Whether an operation declares a `*\/*` answer: it may answer whatever the client accepts. */
export function answersAnything(operations: MockOperation[]): boolean {
  return operations.some((operation) => operation.responses.some((response) => response.contents?.some((content) => content.mediaType === '*/*')));
}

/**
 * The request without its Accept header. Prism only serves media types a document names, and takes
 * `*\/*` in a document literally: a client asking such an operation for JSON gets 406 from it,
 * where the service the document describes would answer.
 */
export function withoutAccept(input: IHttpRequest): IHttpRequest {
  const headers = Object.fromEntries(Object.entries(input.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'accept'));
  return { ...input, headers };
}
