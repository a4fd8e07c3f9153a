import { GraphQLError, print, type DocumentNode } from 'graphql';
import { getOperationASTFromRequest, type ExecutionRequest, type ExecutionResult, type Executor } from '@graphql-tools/utils';
import { upstreamError } from '../../errors.js';
import { withoutIncrementalDirectives } from '../../execution/incremental-directives.js';
import type { HttpClient } from '../../upstream/http-client.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import { discloseFailure, type ErrorDisclosure } from '../../upstream/error-disclosure.js';

export interface GraphQLHttpExecutorOptions {
  source: string;
  client: HttpClient;
  headers: HeaderPolicy;
  /** What clients may see of the service's own error text. */
  errors: ErrorDisclosure;
  /** Opens a subscription (see subscriptions.ts); without it, subscriptions are refused. */
  subscribe?: (request: ExecutionRequest) => AsyncIterable<ExecutionResult> | ExecutionResult;
}

interface UpstreamPayload {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: unknown; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

// Stitching reuses document objects across calls of the same shape; printing is not free.
const printed = new WeakMap<DocumentNode, string>();
function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    // The gateway delivers @defer and @stream itself: the service answers everything at once.
    text = print(withoutIncrementalDirectives(document));
    printed.set(document, text);
  }
  return text;
}

/** Runs operations against a GraphQL service over HTTP (POST JSON). */
export function createGraphQLHttpExecutor(options: GraphQLHttpExecutorOptions): Executor {
  const { source, client } = options;
  return (async (request: ExecutionRequest): Promise<ExecutionResult | AsyncIterable<ExecutionResult>> => {
    const operation = getOperationASTFromRequest(request).operation;
    if (operation === 'subscription') {
      return options.subscribe ? options.subscribe(request) : { errors: [upstreamError(source, `Source "${source}" does not support subscriptions`)] };
    }
    const body = JSON.stringify({
      query: printOnce(request.document),
      ...(request.variables && Object.keys(request.variables).length > 0 && { variables: request.variables }),
      ...(request.operationName && { operationName: request.operationName }),
    });
    let answer;
    try {
      answer = await client.request({
        method: 'POST',
        path: '',
        headers: {
          ...upstreamHeaders(options.headers, incomingHeaders(request.context)),
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
        },
        body,
        context: request.context,
        // A query reads only, so trying it again is safe; a mutation is never sent twice.
        idempotent: operation === 'query',
      });
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : upstreamError(source, `Source "${source}" failed`, { cause: error })] };
    }
    let payload: UpstreamPayload;
    try {
      payload = JSON.parse(answer.body.toString('utf8')) as UpstreamPayload;
    } catch {
      return { errors: [upstreamError(source, `Source "${source}" answered HTTP ${answer.status} with a body that is not JSON`, { status: answer.status })] };
    }
    if (payload === null || typeof payload !== 'object' || (!('data' in payload) && !Array.isArray(payload.errors))) {
      return { errors: [upstreamError(source, `Source "${source}" answered HTTP ${answer.status} without a GraphQL result`, { status: answer.status })] };
    }
    const status = answer.status >= 300 ? answer.status : undefined;
    return {
      ...(payload.data !== undefined && { data: payload.data }),
      ...(payload.errors && { errors: payload.errors.map((error) => fromUpstream(options, error, status, request.context)) }),
    };
  }) as Executor;
}

type UpstreamGraphQLError = NonNullable<UpstreamPayload['errors']>[number];

/** An error of a subscription event: the service speaking to the client, as in a successful answer. */
export function eventError(options: Pick<GraphQLHttpExecutorOptions, 'source' | 'errors'>, error: UpstreamGraphQLError, context: unknown): GraphQLError {
  return fromUpstream(options, error, undefined, context);
}

/**
 * A GraphQL error in a successful answer is the service speaking to the client: its message, path
 * and code are kept, tagged with the source; its other extensions (where servers put stack traces)
 * only when the source exposes its errors. The errors of a failed answer (HTTP 4xx, 5xx) are the
 * service's internals: logged, and replaced by a fixed message unless exposed.
 */
function fromUpstream(
  options: Pick<GraphQLHttpExecutorOptions, 'source' | 'errors'>,
  error: UpstreamGraphQLError,
  status: number | undefined,
  context: unknown,
): GraphQLError {
  const { source } = options;
  const text = typeof error.message === 'string' ? error.message : undefined;
  let message = text ?? `Source "${source}" returned an error`;
  if (status !== undefined) {
    const told =
      text === undefined ? undefined : discloseFailure(options.errors, { context, status: `HTTP ${status}`, said: text, serverFailure: status >= 500 });
    message = `Source "${source}" answered HTTP ${status}${told ? `: ${told}` : ''}`;
  }
  const code = typeof error.extensions?.['code'] === 'string' ? error.extensions['code'] : 'UPSTREAM_ERROR';
  const kept = options.errors.expose ? error.extensions : undefined;
  const extensions = { ...kept, code, source, ...(status !== undefined && { status }) };
  return new GraphQLError(message, { ...(error.path && { path: error.path }), extensions });
}
