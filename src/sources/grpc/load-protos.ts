import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import protobuf from 'protobufjs';
import type { Problem } from '../../config/problems.js';
import { kindMismatch } from '../schema-file-kind.js';
import { SourceLoadError } from '../types.js';
import { word, type ProtoLocator } from './locations.js';
import { bundledProtoDirs, createImportResolver, type MissingImport } from './proto-paths.js';

export interface ProtoFilesOptions {
  /** Absolute path of the source folder; imports are resolved against it first. */
  dir: string;
  /** The `.proto` files named by `schema:`, relative to `dir`. */
  files: readonly string[];
  /** Further import roots, relative to `dir`. */
  includeDirs: readonly string[];
}

/**
 * Parses a source's `.proto` files and everything they import, without touching the network.
 * Field names are kept as written (`user_id`): the GraphQL names are derived from them later,
 * by protobuf's JSON rules, and reflection delivers the same spelling.
 */
export function loadProtoFiles(options: ProtoFilesOptions, locator: ProtoLocator): protobuf.Root {
  const roots = [options.dir, ...options.includeDirs.map((folder) => resolve(options.dir, folder)), ...bundledProtoDirs()];
  const resolver = createImportResolver(roots);
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => resolver.resolve(origin, target);
  try {
    // loadSync also resolves every type reference, so both kinds of mistake surface here.
    root.loadSync(
      options.files.map((file) => join(options.dir, file)),
      { keepCase: true, alternateCommentMode: true },
    );
    root.resolveAll();
  } catch (error) {
    if (resolver.missing.length > 0) throw new SourceLoadError(resolver.missing.map((missing) => missingImportProblem(missing, roots, locator)));
    const resolution = resolutionProblem(error, root, locator);
    throw new SourceLoadError([resolution ?? otherKindProblem(resolver.current, locator) ?? syntaxProblem(error, resolver.current, locator)]);
  }
  if (resolver.missing.length > 0) {
    throw new SourceLoadError(resolver.missing.map((missing) => missingImportProblem(missing, roots, locator)));
  }
  return root;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file protobufjs could not parse that is an OpenAPI document or GraphQL SDL: the folder's kind is wrong, not the file. */
function otherKindProblem(file: string | undefined, locator: ProtoLocator): Problem | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return kindMismatch(text, 'grpc', locator.display(file));
}

/** protobufjs ends a syntax error with `(line N)` or `(file, line N)`. */
function syntaxProblem(error: unknown, file: string | undefined, locator: ProtoLocator): Problem {
  const text = messageOf(error);
  const match = /\s*\((?:[^()]*, )?line (\d+)\)$/.exec(text);
  const message = match ? `syntax error: ${text.slice(0, match.index)}` : text;
  return locator.problem(file, message, match ? Number(match[1]) : undefined);
}

function missingImportProblem(missing: MissingImport, roots: readonly string[], locator: ProtoLocator): Problem {
  const searched = roots.slice(0, -bundledProtoDirs().length).map((root) => locator.display(root));
  const line = locator.lineOf(missing.from, new RegExp(`import\\s+(weak\\s+|public\\s+)?["']${missing.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`));
  return locator.problem(missing.from, `import "${missing.target}" not found (searched ${searched.join(', ')} and the files Plexus ships)`, line);
}

/** protobufjs names the missing type and the definition that refers to it: `... 'Foo' in Type .pkg.Bar`. */
function resolutionProblem(error: unknown, root: protobuf.Root, locator: ProtoLocator): Problem | undefined {
  const text = messageOf(error);
  const match = /^no such .*'([^']+)' in \w+ \.([\w.]+)/.exec(text);
  if (!match) return undefined;
  const [, missing, owner] = match as unknown as [string, string, string];
  let definition: protobuf.ReflectionObject | null = null;
  try {
    definition = root.lookup(owner);
  } catch {
    definition = null;
  }
  const file = definition?.filename;
  const ownerName = owner.slice(owner.lastIndexOf('.') + 1);
  const line = file ? locator.lineOf(file, word(missing), new RegExp(`(message|service|enum|extend)\\s+${ownerName}\\b`)) : undefined;
  return locator.problem(file, text, line);
}
