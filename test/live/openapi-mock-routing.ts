import type { IHttpRequest } from '@stoplight/prism-http';
import type { MockOperation } from './openapi-mock.js';

/** An operation as the mock routes it, with the path key the document gives it. */
export type RoutedOperation = MockOperation & { pathKey: string };

/** Header parameters the specification says to ignore: content negotiation and security set them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The operations as a service would route them: a path key's `#fragment` or `?query` left out of
 * its path (documents tell operations on one path apart by `/#Action=...` or `/rest?method=...`,
 * and neither part is a path), and without the header parameters the specification says to ignore
 * (a document that declares `Authorization` as a required parameter does not make it one).
 */
export function routable(operations: MockOperation[]): RoutedOperation[] {
  return operations.map((operation) => {
    const cut = operation.path.search(/[#?]/);
    const headers = operation.request?.headers?.filter((parameter) => !IGNORED_HEADERS.has(parameter.name.toLowerCase()));
    const request = operation.request && { ...operation.request, ...(headers && { headers }) };
    return { ...operation, ...(request && { request }), path: cut < 0 ? operation.path : operation.path.slice(0, cut) || '/', pathKey: operation.path };
  });
}

/** Operations whose path key names query values the request carries (`/rest?method=x`) first, the others after. */
export function byPathKeyQuery(operations: RoutedOperation[], input: IHttpRequest): RoutedOperation[] {
  const carries = (operation: RoutedOperation) => {
    const query = operation.pathKey.includes('?') ? new URLSearchParams(operation.pathKey.slice(operation.pathKey.indexOf('?') + 1).split('#')[0]) : undefined;
    return query !== undefined && [...query].every(([name, value]) => [input.url.query?.[name]].flat().includes(value));
  };
  return [...operations.filter(carries), ...operations.filter((operation) => !carries(operation))];
}

/** Whether a request path fits a path template (`/users/{id}`). */
export function pathMatches(template: string, path: string): boolean {
  const parts = template.split(/\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`).test(path);
}

/** The operations whose method and path template fit a request. */
export function routesOf(operations: RoutedOperation[], input: IHttpRequest): RoutedOperation[] {
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
