import { Source, buildASTSchema, concatAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { join } from 'node:path';
import { validateSDL } from 'graphql/validation/validate.js';
import type { HttpClient } from '../../upstream/http-client.js';
import { askService } from '../ask-service.js';
import { graphqlProblem, readSdlFiles } from '../sdl-files.js';
import { SourceLoadError } from '../types.js';
import { readSubgraph, type SubgraphEntity } from './api-schema.js';

export interface Subgraph {
  /** The API schema: what clients may ask this source for. */
  schema: GraphQLSchema;
  entities: SubgraphEntity[];
}

/** The subgraph's SDL from the files named in `source.yaml`. */
export async function sdlFromFiles(dir: string, displayDir: string, files: readonly string[]): Promise<DocumentNode> {
  const sdl = await readSdlFiles(dir, displayDir, files, 'graphql');
  return concatAST(sdl.map((file) => file.document));
}

/** The subgraph's SDL as the service tells it (`{ _service { sdl } }`), when `schema` is omitted. */
export async function sdlFromService(client: HttpClient, headers: Record<string, string>, displayFile: string): Promise<DocumentNode> {
  const fail = (reason: string) => new SourceLoadError([{ file: displayFile, message: `reading the subgraph's SDL ({ _service { sdl } }) failed: ${reason}` }]);
  const { payload, status } = await askService<{ _service?: { sdl?: unknown } }>(client, headers, '{ _service { sdl } }', fail);
  const sdl = payload.data?._service?.sdl;
  if (typeof sdl !== 'string') throw fail(payload.errors?.map((error) => error.message).join('; ') ?? `HTTP ${status}, no SDL`);
  try {
    return parse(new Source(sdl, `${displayFile} (_service.sdl)`));
  } catch (error) {
    throw new SourceLoadError([graphqlProblem(error, displayFile)]);
  }
}

/** Builds the API schema of a subgraph; every problem is located in the SDL it came from. */
export function buildSubgraph(document: DocumentNode, displayFile: string): Subgraph {
  const reading = readSubgraph(document);
  if (reading.problems.length > 0) throw new SourceLoadError(reading.problems.map((error) => graphqlProblem(error, displayFile)));
  const errors = validateSDL(reading.document);
  if (errors.length > 0) throw new SourceLoadError(errors.map((error) => graphqlProblem(error, displayFile)));
  try {
    return { schema: buildASTSchema(reading.document, { assumeValidSDL: true }), entities: reading.entities };
  } catch (error) {
    throw new SourceLoadError([graphqlProblem(error, displayFile)]);
  }
}

export const sourceFile = (displayDir: string, files: readonly string[]) => join(displayDir, files[0] ?? 'source.yaml');
