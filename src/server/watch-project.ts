import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { COMPOSED_FILE } from '../compose/schema-files.js';
import type { Logger } from '../logger.js';

export interface WatchProjectOptions {
  /** Absolute path of the source registry. */
  sourcesDir: string;
  /** Absolute path of the links and policies folder. */
  schemasDir: string;
  /** Single files a reload also reads (gateway.yaml, the trusted documents manifest). Default none. */
  files?: readonly string[];
  /** Base for the paths shown in logs. */
  cwd: string;
  /**
   * Quiet time after the last file event before `onChange` runs, so that an editor's save, a
   * `git checkout` or a copied folder makes one reload rather than many. Default 250 ms.
   */
  debounceMs?: number;
  /** Runs once per burst of changes, with the files that changed (relative to `cwd`). */
  onChange(files: string[]): void;
  logger: Logger;
}

export interface ProjectWatcher {
  /** Resolves once the folders are being watched: changes made before it may be missed. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches `sources/` and `schemas/` for added, changed and removed files and folders. The composed
 * `schemas/gateway.graphql` is ignored: `plexus compose` writes it and the gateway never reads it.
 * A folder that does not exist yet (a project without links) is watched for from its parent.
 */
export function watchProject(options: WatchProjectOptions): ProjectWatcher {
  const { debounceMs = 250, logger } = options;
  const composed = join(options.schemasDir, COMPOSED_FILE);
  const roots = [options.sourcesDir, options.schemasDir];
  // Files are watched through their folders (depth 0): an editor that saves by renaming replaces the file.
  const files = options.files ?? [];
  const fileDirs = [...new Set(files.map((file) => dirname(file)))];
  const watcher = watch(
    roots.filter((root) => existsSync(root)),
    {
      ignoreInitial: true,
      ignored: (path) => path === composed,
    },
  );
  const fileWatcher: FSWatcher | undefined = fileDirs.length > 0 ? watch(fileDirs, { ignoreInitial: true, depth: 0 }) : undefined;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const changed = (path: string) => {
    pending.add(relative(options.cwd, path) || path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending].sort();
      pending = new Set();
      logger.info({ files }, `files changed: reloading the schema (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', ...' : ''})`);
      options.onChange(files);
    }, debounceMs);
  };
  watcher.on('all', (_event, path) => changed(path));
  fileWatcher?.on('all', (_event, path) => {
    if (files.includes(path)) changed(path);
  });
  watcher.on('error', (error) => logger.error({ err: error }, 'watching sources and schemas failed'));

  const missing = roots.filter((root) => !existsSync(root));
  const parents: FSWatcher | undefined =
    missing.length > 0 ? watch([...new Set(missing.map((root) => dirname(root)))], { ignoreInitial: true, depth: 0 }) : undefined;
  parents?.on('addDir', (path) => {
    if (!missing.includes(path)) return;
    watcher.add(path);
    changed(path);
  });

  const readyOf = (one: FSWatcher) => new Promise<void>((resolve) => one.once('ready', () => resolve()));
  return {
    ready: Promise.all([readyOf(watcher), parents && readyOf(parents), fileWatcher && readyOf(fileWatcher)]).then(() => undefined),
    async close() {
      clearTimeout(timer);
      await Promise.all([watcher.close(), parents?.close(), fileWatcher?.close()]);
    },
  };
}
