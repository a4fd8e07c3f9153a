import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import { isAsyncIterable } from '@graphql-tools/utils';
import { performance } from 'node:perf_hooks';
import { getIdentity } from '../auth/identity.js';
import type { Logger } from '../logger.js';
import { requestIdFromContext } from '../observability/request-id.js';
import { requestStats } from '../upstream/request-stats.js';

export interface RequestLoggingOptions {
  logger: Logger;
  /** Path of the GraphQL endpoint; other paths (health, readiness, metrics) are not logged. Default `/graphql`. */
  endpoint?: string;
}

interface Pending {
  started: number;
  path: string;
  /** One per operation: a batched request runs several. */
  operations: { name?: string; type?: string; context?: object }[];
  errorCodes: Set<string>;
  answered: boolean;
}

/**
 * Writes one line per GraphQL request: what ran, how it ended, how long it took and how many
 * upstream calls it cost, under the request id. `info` when it succeeded, `warn` with the error
 * codes when it has errors. Headers, variables and tokens are never written.
 */
export function useRequestLogging({ logger, endpoint = '/graphql' }: RequestLoggingOptions): Plugin {
  const pending = new WeakMap<Request, Pending>();
  const onOperation = ({ args }: { args: { document: DocumentNode; operationName?: string | null; contextValue: unknown } }) => {
    const request = (args.contextValue as { request?: Request }).request;
    const entry = request && pending.get(request);
    if (!entry) return;
    const operation = getOperationAST(args.document, args.operationName);
    entry.operations.push({
      ...((operation?.name?.value ?? args.operationName) && { name: operation?.name?.value ?? args.operationName! }),
      ...(operation && { type: operation.operation }),
      context: args.contextValue as object,
    });
  };
  return {
    onRequest({ request, url }) {
      // Failed requests are written at warn: below that level there is nothing to write.
      if (url.pathname === endpoint && logger.isLevelEnabled('warn')) {
        pending.set(request, { started: performance.now(), path: url.pathname, operations: [], errorCodes: new Set(), answered: false });
      }
    },
    onExecute: onOperation,
    onSubscribe: onOperation,
    onResultProcess({ request, result }) {
      const entry = pending.get(request);
      if (!entry) return;
      entry.answered = true;
      for (const item of Array.isArray(result) ? result : [result]) {
        if (isAsyncIterable(item)) continue;
        for (const error of (item.errors ?? []) as readonly GraphQLError[]) entry.errorCodes.add(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
      }
    },
    onResponse({ request, response, serverContext }) {
      const entry = pending.get(request);
      // GraphiQL pages and CORS preflights reach the endpoint too; only GraphQL answers are logged.
      if (!entry || (!entry.answered && response.status < 400)) return;
      const failed = entry.errorCodes.size > 0 || response.status >= 400;
      const names = entry.operations.flatMap((operation) => (operation.name ? [operation.name] : []));
      const types = [...new Set(entry.operations.flatMap((operation) => (operation.type ? [operation.type] : [])))];
      const contexts = entry.operations.flatMap((operation) => (operation.context ? [operation.context] : []));
      const subject = contexts.map((context) => getIdentity(context)?.subject).find((value) => value !== undefined);
      const line = {
        requestId: requestIdFromContext(serverContext),
        method: request.method,
        path: entry.path,
        ...(names.length > 0 && { operationName: names.join(',') }),
        ...(types.length > 0 && { operationType: types.join(',') }),
        status: response.status,
        result: failed ? 'error' : 'ok',
        durationMs: Math.round((performance.now() - entry.started) * 100) / 100,
        upstreamCalls: contexts.reduce((sum, context) => sum + requestStats(context).upstreamCalls, 0),
        ...(subject !== undefined && { subject }),
        ...(entry.errorCodes.size > 0 && { errorCodes: [...entry.errorCodes] }),
      };
      if (failed) logger.warn(line, 'graphql request failed');
      else logger.info(line, 'graphql request');
    },
  };
}
