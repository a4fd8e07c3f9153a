import type { GraphQLError } from 'graphql';
import { plexusError } from '../errors.js';
import type { DeniedField } from './deny-fields.js';

/** The error on each path of something a policy denies; `coordinate` names what is guarded. */
export function deniedError({ verdict, coordinate }: DeniedField): GraphQLError {
  return verdict === 'UNAUTHENTICATED'
    ? plexusError('UNAUTHENTICATED', `Reading ${coordinate} needs a verified token`)
    : plexusError('FORBIDDEN', `Reading ${coordinate} needs a scope the token does not have`);
}
