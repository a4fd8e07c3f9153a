import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { projectFiles } from './init/project-files.js';

export interface InitOptions {
  /** The project folder; created when missing. Default: the current folder. */
  dir?: string;
}

export class InitError extends Error {
  readonly code = 'INIT_FILES_EXIST';
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/**
 * `plexus init [dir]`: writes a gateway project that depends on plexus. Writes nothing when any of
 * its files already exists, and names those files. Returns the paths written, relative to `dir`.
 */
export async function initCommand(options: InitOptions, cwd = process.cwd()): Promise<string[]> {
  const dir = resolve(cwd, options.dir ?? '.');
  const files = await projectFiles(dir);
  const taken: string[] = [];
  for (const name of files.keys()) if (await exists(join(dir, name))) taken.push(name);
  if (taken.length > 0) {
    const where = options.dir ?? '.';
    throw new InitError(`${where} already has ${taken.join(', ')}; plexus init overwrites nothing (choose an empty folder)`);
  }
  for (const [name, text] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text, { flag: 'wx' });
  }
  return [...files.keys()];
}

/** What to do next, printed after `plexus init`. */
export function nextSteps(dir: string): string {
  return [
    ...(resolve(dir) === resolve('.') ? [] : [`  cd ${dir}`]),
    '  npm install',
    '  npm start        # http://localhost:4000/graphql',
  ].join('\n');
}
