import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isCollection, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './problems.js';
import { configErrorMap } from './issue-messages.js';

/** A parsed YAML file that can tell on which line a value sits, for messages that point at it. */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** The line of the node at exactly this path and whether it holds keys or items; undefined when the file has none. */
  nodeAt(path: readonly PropertyKey[]): { line: number; collection: boolean } | undefined;
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
    value: {
      file: displayPath,
      value: doc.toJS() ?? {},
      lineOf: (path) => lineOf(doc, lineCounter, path),
      nodeAt: (path) => nodeAt(doc, lineCounter, path),
    },
  };
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk up until a node exists: a missing key is reported on the line of its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const found = nodeAt(doc, counter, path.slice(0, depth));
    if (found) return found.line;
  }
  return undefined;
}

/** A key's line is where the key is written, not where its value starts (a block below it). */
function nodeAt(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): { line: number; collection: boolean } | undefined {
  const lineOfNode = (node: unknown) => (isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined);
  if (path.length === 0) {
    const line = lineOfNode(doc.contents);
    return line === undefined ? undefined : { line, collection: isCollection(doc.contents) };
  }
  const parent = doc.getIn(path.slice(0, -1) as unknown[], true);
  const last = String(path[path.length - 1]);
  let keyNode: unknown;
  let value: unknown;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === last);
    if (!pair) return undefined;
    [keyNode, value] = [pair.key, pair.value];
  } else if (isSeq(parent)) {
    keyNode = value = parent.items[Number(last)];
  }
  const line = lineOfNode(keyNode) ?? lineOfNode(value);
  return line === undefined ? undefined : { line, collection: isCollection(value) };
}

/** One thing wrong with a value, at the path of the key it belongs to. */
export interface ValueIssue {
  /** Where: an unknown key's own path, else the path zod reports. */
  path: PropertyKey[];
  /** The message naming the key, e.g. `"limits.maxDepth": expected ...`. */
  message: string;
  /** The same without the key, for a place that names it already (a flag). */
  detail: string;
}

/** Validates a value with a zod schema; every message says what was expected and what was found. */
export function validateValue<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; issues: ValueIssue[] } {
  const result = schema.safeParse(value, { error: configErrorMap, reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.flatMap(describeIssue) };
}

/** Validates a YAML value with a zod schema, turning every issue into a located problem. */
export function validateYaml<S extends z.ZodType>(schema: S, source: YamlSource, value: unknown = source.value): Parsed<z.output<S>> {
  const result = validateValue(schema, value);
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.issues.map((issue) => {
      const line = source.lineOf(issue.path);
      return { file: source.file, ...(line !== undefined && { line }), message: issue.message };
    }),
  };
}

function describeIssue(issue: z.core.$ZodIssue): ValueIssue[] {
  const key = issue.path.map(String).join('.');
  // One problem per unknown key, each on its own line (the error map wrote one line per key).
  if (issue.code === 'unrecognized_keys') {
    const lines = issue.message.split('\n');
    return issue.keys.map((name, index) => ({ path: [...issue.path, name], message: lines[index] ?? lines[0]!, detail: lines[index] ?? lines[0]! }));
  }
  // A missing key: what it would take is said after it.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    const expected = issue.code === 'invalid_value' ? ` (${issue.message.replace(/, got nothing.*$/, '')})` : '';
    return [{ path: issue.path, message: `"${key}" is required${expected}`, detail: `is required${expected}` }];
  }
  // A refused record key: its own message says why, zod's wrapper only that it is invalid.
  const detail = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
  return [{ path: issue.path, message: key ? `"${key}": ${detail}` : detail, detail }];
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
