import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { PlexusContext } from '../request-state.js';

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function badRequest(message: string) {
  return createGraphQLError(message, { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
}

/**
 * Refuses request params of the wrong shape before any plugin reads them. graphql-yoga checks
 * them too, but after the plugins' own `onParams` hooks: a `null` entry of a batched request, or
 * `extensions` that is not an object, would reach the persisted-document plugins as it is and
 * fail there as a gateway bug instead of the client's 400.
 */
export function useParamsGuard(): Plugin<PlexusContext> {
  return {
    onParams({ params }) {
      const value: unknown = params;
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw badRequest(`Expected params to be an object but given ${describe(value)}.`);
      const extensions: unknown = (value as { extensions?: unknown }).extensions;
      if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) {
        throw badRequest(`Expected "extensions" param to be empty or an object, but given ${describe(extensions)}.`);
      }
    },
  };
}
