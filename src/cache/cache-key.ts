import { createHash } from 'node:crypto';
import { printSchema, type GraphQLSchema } from 'graphql';

const hashes = new WeakMap<GraphQLSchema, string>();

/** Answers cached under another schema (a replica on an older release) are never served. */
export function schemaHash(schema: GraphQLSchema): string {
  let hash = hashes.get(schema);
  if (hash === undefined) {
    hash = createHash('sha256').update(printSchema(schema)).digest('base64url').slice(0, 16);
    hashes.set(schema, hash);
  }
  return hash;
}

/**
 * The key of a cached response: the schema, the document text as the client sent it, the operation,
 * the variables and who may share it (`''` for anyone). One function, so that every reader of the
 * cache computes the key the same way.
 */
export function responseCacheKey(
  schema: string,
  documentText: string,
  operationName: string | null | undefined,
  variables: unknown,
  sessionId: string | null | undefined,
): string {
  return createHash('sha256')
    .update(JSON.stringify([schema, documentText, operationName ?? '', variables ?? {}, sessionId ?? '']))
    .digest('base64url');
}
