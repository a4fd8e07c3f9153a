import type { GraphQLFieldResolver } from 'graphql';
import type { HttpClient } from '../../upstream/http-client.js';
import { incomingHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import type { OperationPlan } from './operations.js';
import { buildRequest } from './request-building.js';
import { readAnswer, type AnswerReader } from './response-handling.js';
import { reportUpstreamCaching } from '../../cache/upstream-hints.js';

export interface OperationRuntime extends AnswerReader {
  client: HttpClient;
  headers: HeaderPolicy;
}

/**
 * The resolver of one root field: builds the request from the arguments, calls the service through
 * the source's pool, and reads the answer. The GraphQL context is the gateway request's, so the
 * call follows its deadline and counts toward its upstream calls.
 */
export function operationResolver(plan: OperationPlan, runtime: OperationRuntime): GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> {
  return async (_parent, args, context) => {
    const request = await buildRequest(plan, args, incomingHeaders(context), runtime.headers);
    const answer = await runtime.client.request({ ...request, context, ...(plan.idempotent !== undefined && { idempotent: plan.idempotent }) });
    // The service's Cache-Control becomes this field's TTL in the response cache.
    reportUpstreamCaching(context, `${plan.rootType}.${plan.field}`, answer);
    return readAnswer(runtime, plan.response, answer, context);
  };
}
