import { GraphQLError, print, type DocumentNode } from 'graphql';
import { getOperationASTFromRequest, type ExecutionRequest, type ExecutionResult, type Executor } from '@graphql-tools/utils';
import { upstreamError } from '../../errors.js';
import type { HttpClient } from '../../upstream/http-client.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';

export interface GraphQLHttpExecutorOptions {
  source: string;
  client: HttpClient;
  headers: HeaderPolicy;
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
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Runs operations against a GraphQL service over HTTP (POST JSON). */
export function createGraphQLHttpExecutor(options: GraphQLHttpExecutorOptions): Executor {
  const { source, client } = options;
  return (async (request: ExecutionRequest): Promise<ExecutionResult> => {
    const operation = getOperationASTFromRequest(request).operation;
    if (operation === 'subscription') {
      return { errors: [upstreamError(source, `Source "${source}" does not support subscriptions`)] };
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
      ...(payload.errors && { errors: payload.errors.map((error) => fromUpstream(source, error, status)) }),
    };
  }) as Executor;
}

/** Keeps what the service chose to say, tagged with the source; an uncoded error becomes UPSTREAM_ERROR. */
function fromUpstream(source: string, error: NonNullable<UpstreamPayload['errors']>[number], status: number | undefined): GraphQLError {
  const message = typeof error.message === 'string' ? error.message : `Source "${source}" returned an error`;
  const extensions = { ...error.extensions, source, ...(status !== undefined && { status }) } as Record<string, unknown>;
  if (typeof extensions['code'] !== 'string') extensions['code'] = 'UPSTREAM_ERROR';
  return new GraphQLError(message, { ...(error.path && { path: error.path }), extensions });
}
