import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { printComposed } from './print.js';

/**
 * A short name for a composed schema: a hash of the SDL `plexus compose` prints, so the same
 * sources and links give the same version on every replica and in `schemas/gateway.graphql`.
 */
export function schemaVersion(schema: GraphQLSchema): string {
  return createHash('sha256').update(printComposed(schema)).digest('hex').slice(0, 12);
}
