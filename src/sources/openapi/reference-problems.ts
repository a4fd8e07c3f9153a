import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, visit, type Document } from 'yaml';
import type { Problem } from '../../config/problems.js';
import { describeFsError } from '../../config/yaml-file.js';
import { didYouMeanAny } from '../../config/did-you-mean.js';

/** What the reference parser says about one `$ref` it could not follow (json-schema-ref-parser's error fields). */
interface ParserFailure {
  name?: string;
  message?: string;
  /** The file holding the `$ref` (absolute path or file URL). */
  source?: string;
  /** Keys from that file's root to the object holding the `$ref`. */
  path?: readonly (string | number)[] | null;
  /** For a missing pointer: the `$ref` as written. */
  targetRef?: string;
  /** For an unreadable file: its errno code. */
  ioErrorCode?: string;
}

export interface ReferenceContext {
  /** Absolute path of the source folder. */
  dir: string;
  displayDir: string;
  /** Absolute path of the document. */
  documentPath: string;
  /** The document as users see it, where a failure that names no file is reported. */
  displayFile: string;
}

/**
 * Turns what the reference parser reports (one error, or a group of them with `continueOnError`)
 * into problems that point at the `$ref` itself: its file and line, and the reference as written.
 */
export function referenceProblems(error: unknown, context: ReferenceContext): Problem[] {
  const failures = ((error as { errors?: unknown }).errors ?? [error]) as ParserFailure[];
  const files = new FileTexts();
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const failure of failures) {
    const problem = failure.name === 'ParserError' ? parseProblem(failure, context) : refProblem(failure, context, files);
    const id = `${problem.file}:${problem.line}:${problem.message}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}

function refProblem(failure: ParserFailure, context: ReferenceContext, files: FileTexts): Problem {
  const file = failure.source ? filePath(failure.source) : context.documentPath;
  const displayFile = failure.source ? displayOf(file, context) : context.displayFile;
  const found = files.find(file, failure);
  const line = found?.line;
  const at = { file: displayFile, ...(line !== undefined && { line }) };
  const ref = found?.ref ?? failure.targetRef;
  if (ref === undefined) {
    const text = cleanMessage(failure, context);
    return { ...at, message: /\$ref|ENOENT|pointer/i.test(text) ? `a $ref does not resolve: ${text}` : text };
  }
  const head = `$ref "${ref}" does not resolve`;
  switch (failure.name) {
    case 'MissingPointerError':
      return { ...at, message: head + files.suggestion(file, ref) };
    case 'ResolverError': {
      const target = /^Error opening file (.+?): /.exec(failure.message ?? '')?.[1];
      const what = failure.ioErrorCode ? describeFsError({ code: failure.ioErrorCode }) : cleanMessage(failure, context);
      return { ...at, message: `${head}: ${what}${target ? ` ${displayOf(target, context)}` : ''}` };
    }
    case 'UnmatchedResolverError':
      return { ...at, message: `${head}: only files inside the source folder are read; URLs are not fetched` };
    default:
      return { ...at, message: `${head}: ${cleanMessage(failure, context)}` };
  }
}

/** A referenced file that is not valid YAML or JSON: reported against that file, at the line the parser names. */
function parseProblem(failure: ParserFailure, context: ReferenceContext): Problem {
  const message = failure.message ?? '';
  const match = /^Error parsing (.+?): ([^\n]*?)(?: \((\d+):\d+\))?(?:\n|$)/.exec(message);
  if (!match) return { file: context.displayFile, message: cleanMessage(failure, context) };
  const [, file, reason, line] = match as unknown as [string, string, string, string | undefined];
  return { file: displayOf(file, context), ...(line !== undefined && { line: Number(line) }), message: `cannot be parsed: ${reason}` };
}

function cleanMessage(failure: ParserFailure, context: ReferenceContext): string {
  return (failure.message ?? String(failure)).split('\n')[0]!.split(resolve(context.dir)).join(context.displayDir);
}

function filePath(source: string): string {
  return source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : source;
}

function displayOf(file: string, context: ReferenceContext): string {
  const inside = relative(resolve(context.dir), filePath(file));
  return inside.startsWith('..') ? inside : join(context.displayDir, inside);
}

/** Swagger 2.0 documents are converted before they are dereferenced; these map a converted `$ref` back to what was written. */
const SWAGGER_SECTIONS: Array<[string, string]> = [
  ['#/components/schemas/', '#/definitions/'],
  ['#/components/parameters/', '#/parameters/'],
  ['#/components/responses/', '#/responses/'],
];

const NOT_A_NAME_SET = new Set(['openapi', 'swagger', 'type', 'properties', 'allOf', 'oneOf', 'anyOf', '$ref', 'items']);

/** The user's files parsed again, with line numbers, only when something is to be located in them. */
class FileTexts {
  private readonly parsed = new Map<string, { doc: Document; lines: LineCounter } | null>();

  /** The `$ref` the failure is about: at its path when the file has it there, else the first one written the same way. */
  find(file: string, failure: ParserFailure): { ref: string; line: number } | undefined {
    const parsed = this.parse(file);
    if (!parsed) return undefined;
    const node = failure.path ? parsed.doc.getIn([...failure.path, '$ref'], true) : undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.range) {
      return { ref: node.value, line: parsed.lines.linePos(node.range[0]).line };
    }
    const wanted = failure.targetRef ?? /"([^"]+)"/.exec(failure.message ?? '')?.[1];
    if (wanted === undefined) return undefined;
    const candidates = new Set([
      wanted,
      ...SWAGGER_SECTIONS.filter(([converted]) => wanted.startsWith(converted)).map(([converted, written]) => written + wanted.slice(converted.length)),
    ]);
    let found: { ref: string; line: number } | undefined;
    visit(parsed.doc, {
      Pair(_key, pair) {
        if (found || !isScalar(pair.key) || pair.key.value !== '$ref' || !isScalar(pair.value) || !pair.value.range) return undefined;
        const value = pair.value.value;
        if (typeof value === 'string' && (candidates.has(value) || resolvesTo(file, value, wanted))) {
          found = { ref: value, line: parsed.lines.linePos(pair.value.range[0]).line };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return found;
  }

  /** `; did you mean ...?` from the names beside a missing pointer's last token, in the file that should hold it. */
  suggestion(file: string, ref: string): string {
    const hash = ref.indexOf('#');
    if (hash < 0) return '';
    const target = hash === 0 ? file : resolve(file, '..', ref.slice(0, hash));
    const tokens = ref
      .slice(hash + 1)
      .split('/')
      .slice(1)
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = tokens.pop();
    const parent = this.parse(target)?.doc.getIn(tokens, true);
    if (missing === undefined || !isMap(parent)) return '';
    const names = parent.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
    // Keys of a schema or of the document itself are not names one meant to refer to.
    if (names.some((name) => NOT_A_NAME_SET.has(name))) return '';
    const prefix = ref.slice(0, ref.length - missing.length);
    return didYouMeanAny(missing, names).replace(/"([^"]+)"/g, (_, name: string) => `"${prefix}${name}"`);
  }

  private parse(file: string): { doc: Document; lines: LineCounter } | undefined {
    if (!this.parsed.has(file)) {
      try {
        const lines = new LineCounter();
        // YAML 1.2 reads JSON too, so one parser locates references in both.
        this.parsed.set(file, { doc: parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines }), lines });
      } catch {
        this.parsed.set(file, null);
      }
    }
    return this.parsed.get(file) ?? undefined;
  }
}

/** A relative file reference written another way than the parser reports it (`other.yaml` for `./other.yaml`). */
function resolvesTo(file: string, written: string, wanted: string): boolean {
  if (written.startsWith('#') || wanted.startsWith('#')) return false;
  const path = (ref: string) => resolve(file, '..', ref.replace(/#.*$/, ''));
  return path(written) === path(wanted);
}
