import type { SourceKind } from './types.js';
import { federationSource } from './federation/index.js';
import { graphqlSource } from './graphql/index.js';
import { grpcSource } from './grpc/index.js';
import { openapiSource } from './openapi/index.js';

/** Every source kind Plexus knows, by the `kind:` value that selects it. */
export const builtinKinds: Record<string, SourceKind> = {
  federation: federationSource,
  graphql: graphqlSource,
  grpc: grpcSource,
  openapi: openapiSource,
};
