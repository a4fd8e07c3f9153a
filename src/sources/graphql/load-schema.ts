import { buildASTSchema, buildClientSchema, concatAST, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { join } from 'node:path';
import { validateSDL } from 'graphql/validation/validate.js';
import { askService } from '../ask-service.js';
import type { HttpClient } from '../../upstream/http-client.js';
import { graphqlProblem, readSdlFiles } from '../sdl-files.js';
import { SourceLoadError } from '../types.js';

/** Builds a source schema from the SDL files named in `source.yaml`. */
export async function schemaFromSdl(dir: string, displayDir: string, files: readonly string[]): Promise<GraphQLSchema> {
  const sdl = await readSdlFiles(dir, displayDir, files, 'graphql');
  const document = concatAST(sdl.map((file) => file.document));
  // buildASTSchema would join these into one plain Error; validating first keeps each error's location.
  const errors = validateSDL(document);
  if (errors.length > 0) throw new SourceLoadError(errors.map((error) => graphqlProblem(error, join(displayDir, files[0]!))));
  try {
    return buildASTSchema(document, { assumeValidSDL: true });
  } catch (error) {
    throw new SourceLoadError([graphqlProblem(error, join(displayDir, files[0]!))]);
  }
}

/** Builds a source schema by asking the service (only when `schema` is omitted). */
export async function schemaFromIntrospection(client: HttpClient, headers: Record<string, string>, displayFile: string): Promise<GraphQLSchema> {
  const fail = (reason: string) => new SourceLoadError([{ file: displayFile, message: `introspection failed: ${reason}` }]);
  const { payload, status } = await askService<IntrospectionQuery>(
    client,
    headers,
    getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
    fail,
  );
  if (!payload.data?.__schema) {
    const reason = payload.errors?.map((error) => error.message).join('; ') ?? `HTTP ${status}, no data`;
    throw fail(reason);
  }
  try {
    return buildClientSchema(payload.data);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
}
