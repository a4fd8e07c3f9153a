import { GraphQLError } from 'graphql';
import { isUserFacing, plexusError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/**
 * An error a plugin or resolver of the project threw, as the client may see it: a GraphQLError
 * with a code is meant for the client (also one made by another copy of graphql, which a project
 * may install), anything else is undefined and gets masked.
 */
export function userFacingError(error: unknown): GraphQLError | undefined {
  if (isUserFacing(error)) return error;
  if (!(error instanceof Error) || error.name !== 'GraphQLError') return undefined;
  const extensions = (error as { extensions?: Record<string, unknown> }).extensions;
  if (typeof extensions?.['code'] !== 'string') return undefined;
  const { code, ...rest } = extensions;
  return plexusError(code as ErrorCode, error.message, { extensions: rest });
}
