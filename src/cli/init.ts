import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectFiles } from './init/project-files.js';
import { PACKAGE_ROOT, packageInfo } from './package-info.js';

export interface InitOptions {
  /** The project folder; created when missing. Default: the current folder. */
  dir?: string;
}

export class InitError extends Error {
  readonly code = 'INIT_FILES_EXIST';
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

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

/**
 * What to do next, printed after `plexus init`. Run from a clone of Plexus, whose package may be on
 * no registry the user reaches, it also says how to install the package the clone packs.
 */
export function nextSteps(dir: string, root = PACKAGE_ROOT): string {
  const clone = existsSync(new URL('src/cli.ts', root));
  const { version } = packageInfo();
  return [
    ...(resolve(dir) === resolve('.') ? [] : [`  cd ${dir}`]),
    '  npm install',
    ...(clone
      ? [
          `                   # plexus from your registry; where it is not there, run \`npm pack\` in`,
          `                   # ${fileURLToPath(root)} and \`npm install <that folder>/plexus-${version}.tgz\``,
        ]
      : []),
    '  npm start        # http://localhost:4000/graphql',
  ].join('\n');
}
