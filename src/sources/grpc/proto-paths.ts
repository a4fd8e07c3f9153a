import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Folders searched after the source's own: Plexus's `plexus/options.proto`, and the
 * `google/protobuf/*.proto` files that protobufjs ships (descriptor.proto among them). The
 * well-known types protobufjs also bundles in code are found by protobufjs before any folder.
 */
export function bundledProtoDirs(): string[] {
  return [fileURLToPath(new URL('./protos', import.meta.url)), dirname(require.resolve('protobufjs/package.json'))];
}

/** An import that no folder could satisfy, with the file that asked for it. */
export interface MissingImport {
  from: string;
  target: string;
}

export interface ImportResolver {
  /** protobufjs's `Root#resolvePath`: an absolute path, or null when the file is nowhere. */
  resolve(origin: string, target: string): string | null;
  /** The last file handed to protobufjs, which is the one being parsed when a syntax error surfaces. */
  readonly current: string | undefined;
  readonly missing: readonly MissingImport[];
}

/**
 * Resolves imports the way `protoc -I` does: against each root in order (the source folder first),
 * then, for files that rely on it, next to the importing file.
 */
export function createImportResolver(roots: readonly string[]): ImportResolver {
  let current: string | undefined;
  const missing: MissingImport[] = [];
  return {
    resolve(origin, target) {
      const candidates = isAbsolute(target) ? [target] : [...roots.map((root) => join(root, target)), ...(origin ? [resolve(dirname(origin), target)] : [])];
      const found = candidates.find((candidate) => existsSync(candidate));
      if (found === undefined) {
        missing.push({ from: origin, target });
        return null;
      }
      current = found;
      return found;
    },
    get current() {
      return current;
    },
    missing,
  };
}
