import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOffline } from '../compose/build.js';
import { printComposed } from '../compose/print.js';
import { diffSchemas, formatChanges, schemaFromSdl, summarizeChanges } from '../compose/schema-diff.js';
import { displayPathOf } from '../sources/sdl-files.js';
import { COMPOSED_FILE, resolvePaths, type PathOptions } from './paths.js';

export interface ComposeOptions extends PathOptions {
  check?: boolean;
}

/** The composed SDL for a sources/ and schemas/ pair, built offline where schema files allow. */
export async function composeSdl(options: PathOptions, cwd: string): Promise<string> {
  const built = await buildOffline({ ...resolvePaths(options, cwd), cwd, env: process.env });
  return printComposed(built.schema);
}

/** `plexus compose [--check]`. Returns the exit code. */
export async function composeCommand(
  options: ComposeOptions,
  cwd = process.cwd(),
  write = (line: string) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const sdl = await composeSdl(options, cwd);
  const { schemasDir } = resolvePaths(options, cwd);
  const target = join(schemasDir, COMPOSED_FILE);
  const shown = displayPathOf(cwd, target);
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (options.check) {
    if (current === sdl) {
      write(`${shown} is up to date`);
      return 0;
    }
    if (current === undefined) {
      write(`${shown} does not exist; run \`npx plexus compose\``);
      return 1;
    }
    write(`${shown} is stale; run \`npx plexus compose\` and commit the result`);
    for (const line of await describeChanges(current, sdl)) write(line);
    return 1;
  }
  await mkdir(schemasDir, { recursive: true });
  if (current !== sdl) await writeFile(target, sdl);
  write(`${current === sdl ? 'unchanged' : 'wrote'} ${shown}`);
  return 0;
}

/** What composing now would change in the committed schema, classified for review. */
async function describeChanges(committed: string, composed: string): Promise<string[]> {
  let changes;
  try {
    changes = await diffSchemas(schemaFromSdl(committed), schemaFromSdl(composed));
  } catch (error) {
    return [`cannot compare with the committed schema: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (changes.length === 0) return ['no schema changes: the two files differ only in formatting'];
  return [`schema changes (${summarizeChanges(changes)}):`, ...formatChanges(changes).map((line) => `  ${line}`)];
}
