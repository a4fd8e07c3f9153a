import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from '@graphql-tools/utils';
import { isRequestError, withCode, withCodes } from './error-codes.js';
import type { PlexusContext } from '../request-state.js';

/**
 * Gives every error the gateway answers an `extensions.code`, whichever part of the pipeline made
 * it and whichever executor ran the operation:
 *
 * - a result of execution or subscription without `data` holds the request errors of graphql-js
 *   (a missing variable, a variable of the wrong type): `BAD_USER_INPUT`;
 * - any other error still without a code when the response is written: `BAD_REQUEST` (HTTP 400)
 *   for an error of the request itself (no path: a malformed multipart upload, for one), else
 *   `INTERNAL_SERVER_ERROR` with its message kept (graphql-js's own field errors, such as a null
 *   for a non-null field);
 * - yoga's bodiless 415 for a content type no parser reads gets a GraphQL error body.
 *
 * Codes already set (by Plexus, yoga, a plugin, an upstream service) are kept.
 */
export function useErrorCodes(): Plugin<PlexusContext> {
  const codeRequestErrors = (result: ExecutionResult): ExecutionResult =>
    isRequestError(result) ? { ...result, errors: result.errors.map((error) => withCode(error, 'BAD_USER_INPUT')) } : result;
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) setResult(codeRequestErrors(result));
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) setResult(codeRequestErrors(result));
        },
      };
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) setResult(mapAsyncIterator(result, (value) => withCodes(value as ExecutionResult)));
      else if (Array.isArray(result)) setResult(result.map((entry) => withCodes(entry)));
      else setResult(withCodes(result));
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.status !== 415 || response.body) return;
      const type = request.headers.get('content-type') ?? 'none';
      const json = (request.headers.get('accept') ?? '').includes('application/graphql-response+json')
        ? 'application/graphql-response+json'
        : 'application/json';
      const message = `Unsupported content type "${type.slice(0, 100)}": send the request as application/json (multipart/form-data for uploads)`;
      // The headers other plugins set (CORS) stay.
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', `${json}; charset=utf-8`);
      const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
      setResponse(new fetchAPI.Response(body, { status: 415, statusText: 'Unsupported Media Type', headers }));
    },
  };
}
