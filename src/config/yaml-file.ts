import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './problems.js';

/** A parsed YAML file that can tell on which line a value sits, for messages that point at it. */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export async function readYaml(absolutePath: string, displayPath: string): Promise<Parsed<YamlSource>> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file: displayPath, message: `cannot read file (${describeFsError(error)})` }] };
  }
  return parseYaml(text, displayPath);
}

export function parseYaml(text: string, displayPath: string): Parsed<YamlSource> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file: displayPath,
        ...(error.linePos?.[0] && { line: error.linePos[0].line, column: error.linePos[0].col }),
        message: `invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  return {
    ok: true,
    value: { file: displayPath, value: doc.toJS() ?? {}, lineOf: (path) => lineOf(doc, lineCounter, path) },
  };
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk up until a node exists: a missing key is reported on the line of its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Validates a YAML value with a zod schema, turning every issue into a located problem. */
export function validateYaml<S extends z.ZodType>(schema: S, source: YamlSource, value: unknown = source.value): Parsed<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = unknownKeys.length > 0 ? [...issue.path, unknownKeys[0]!] : issue.path;
      const line = source.lineOf(path);
      return { file: source.file, ...(line !== undefined && { line }), message: describeIssue(issue) };
    }),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const list = issue.keys.map((name) => `"${key ? `${key}.` : ''}${name}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${list}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `"${key}" is required`;
  // A refused record key: its own message says why, zod's wrapper only that it is invalid.
  if (issue.code === 'invalid_key' && issue.issues[0]) return `"${key}": ${issue.issues[0].message}`;
  return key ? `"${key}": ${issue.message}` : issue.message;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
