import type { GraphQLFieldResolver } from 'graphql';
import type { HttpClient } from '../../upstream/http-client.js';
import { incomingHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import type { OperationPlan } from './operations.js';
import { buildRequest } from './request-building.js';
import { readAnswer, type AnswerReader } from './response-handling.js';
import { reportUpstreamCaching } from '../../cache/upstream-hints.js';

/** Redirects followed for one call: enough for a moved resource behind a trailing-slash fix; a longer chain is a loop or a mistake. */
const MAX_REDIRECTS = 5;

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
    const answer = await runtime.client.request({
      ...request,
      context,
      // An operation whose success is a redirect returns it; any other follows a few, within the source's origin.
      redirects: plan.response.form === 'redirect' ? 0 : MAX_REDIRECTS,
      ...(plan.idempotent !== undefined && { idempotent: plan.idempotent }),
    });
    // The service's Cache-Control becomes this field's TTL in the response cache.
    reportUpstreamCaching(context, `${plan.rootType}.${plan.field}`, answer);
    return readAnswer(runtime, plan.response, answer, context);
  };
}
