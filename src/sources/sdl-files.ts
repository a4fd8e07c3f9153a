import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { GraphQLError, Kind, Lexer, Source, TokenKind, getLocation, parse, type DocumentNode } from 'graphql';
import type { Problem } from '../config/problems.js';
import { describeFsError } from '../config/yaml-file.js';
import { kindMismatch } from './schema-file-kind.js';
import { SourceLoadError } from './types.js';

export interface SdlFile {
  /** As users see it, e.g. `sources/products/schema.graphql`. */
  displayPath: string;
  document: DocumentNode;
}

/** True when the text holds nothing but comments and white space. */
function declaresNothing(source: Source): boolean {
  try {
    return new Lexer(source).advance().kind === TokenKind.EOF;
  } catch {
    return false;
  }
}

/**
 * Reads and parses GraphQL SDL files; a syntax error is reported with its file and line. With
 * `kind` (a source's), a file that does not parse but looks like another kind's says so instead.
 * With `allowEmpty`, a file of comments only (an example, a note) is an empty document.
 */
export async function readSdlFiles(
  dir: string,
  displayDir: string,
  names: readonly string[],
  kind?: string,
  options: { allowEmpty?: boolean } = {},
): Promise<SdlFile[]> {
  const problems: Problem[] = [];
  const files: SdlFile[] = [];
  for (const name of names) {
    const displayPath = join(displayDir, name);
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      problems.push({ file: displayPath, message: `cannot read schema file (${describeFsError(error)})` });
      continue;
    }
    const source = new Source(text, displayPath);
    if (options.allowEmpty && declaresNothing(source)) {
      files.push({ displayPath, document: { kind: Kind.DOCUMENT, definitions: [] } });
      continue;
    }
    try {
      files.push({ displayPath, document: parse(source) });
    } catch (error) {
      problems.push((kind !== undefined && kindMismatch(text, kind, displayPath)) || graphqlProblem(error, displayPath));
    }
  }
  if (problems.length > 0) throw new SourceLoadError(problems);
  return files;
}

/** Locates a GraphQLError raised from a parsed SDL file (syntax or schema validation). */
export function graphqlProblem(error: unknown, fallbackFile: string): Problem {
  if (!(error instanceof GraphQLError)) {
    return { file: fallbackFile, message: error instanceof Error ? error.message : String(error) };
  }
  const node = error.nodes?.find((candidate) => candidate.loc);
  const source = error.source ?? node?.loc?.source;
  const position = error.positions?.[0] ?? node?.loc?.start;
  const message = error.message.replace(/^Syntax Error: /, 'syntax error: ');
  if (!source || position === undefined) return { file: fallbackFile, message };
  const { line, column } = getLocation(source, position);
  return { file: source.name, line, column, message };
}

export function displayPathOf(cwd: string, absolute: string): string {
  return relative(cwd, absolute) || '.';
}
