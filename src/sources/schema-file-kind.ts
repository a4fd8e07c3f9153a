import type { Problem } from '../config/problems.js';

/** What a schema file looks like, whatever its name says. */
type Looks = 'openapi' | 'grpc' | 'graphql';

const DESCRIPTIONS: Record<Looks, string> = {
  openapi: 'an OpenAPI document',
  grpc: 'a .proto file',
  graphql: 'a GraphQL schema (SDL)',
};

/** What each kind reads from `schema:`, for the message. */
const READS: Record<string, string> = {
  openapi: 'an OpenAPI or Swagger document',
  grpc: '.proto files',
  graphql: 'GraphQL SDL files',
};

// Cheap looks at the text, asked only after the kind's own parser refused the file, so a valid
// file is never turned away by a guess.
const OPENAPI = /^\s*["']?(openapi|swagger)["']?\s*:/m;
const PROTO = /^\s*(syntax\s*=\s*["']proto[23]["']|edition\s*=\s*["']\d+["']|(service|message)\s+[A-Za-z_]\w*\s*\{)/m;
const SDL = /^\s*(extend\s+)?(schema\s*\{|(type|input|interface)\s+[A-Za-z_]\w*[^{\n]*\{)/m;

/** Guesses what a schema file is from its text; undefined when it does not look like any kind. */
export function looksLike(text: string): Looks | undefined {
  // An OpenAPI document may quote proto or SDL snippets in descriptions, so it is asked first,
  // and only about a top-level key.
  if (/^\s*\{/.test(text) ? /^\s*\{\s*"(openapi|swagger)"\s*:/.test(text) || /"(openapi|swagger)"\s*:\s*"\d/.test(text) : OPENAPI.test(text)) {
    return 'openapi';
  }
  if (PROTO.test(text)) return 'grpc';
  if (SDL.test(text)) return 'graphql';
  return undefined;
}

/**
 * A problem saying the file belongs to another kind than the folder's `kind:`, or undefined when
 * the text does not look like another kind (the kind's own message is then the better one).
 */
export function kindMismatch(text: string, kind: string, file: string): Problem | undefined {
  const looks = looksLike(text);
  if (looks === undefined || looks === kind) return undefined;
  return {
    file,
    message: `looks like ${DESCRIPTIONS[looks]}; kind is ${kind}, which reads ${READS[kind] ?? 'other files'} (set kind: ${looks} in source.yaml)`,
  };
}
