import { maskError as yogaMaskError, type YogaServerOptions } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';

type MaskErrorFn = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>;

/**
 * Errors Plexus built for users pass through; anything else becomes INTERNAL_SERVER_ERROR with no
 * message, stack or upstream internals, and is logged in full so operators can still see it.
 */
export function createMaskError(logger: Logger): MaskErrorFn {
  return (error, message, isDev) => {
    const masked = yogaMaskError(error, message, isDev);
    if (masked !== error) {
      const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
      const path = error instanceof GraphQLError ? error.path : undefined;
      logger.error({ err: original, path }, 'internal error (masked in the response)');
    }
    return masked;
  };
}
