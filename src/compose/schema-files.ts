import { readdir } from 'node:fs/promises';
import type { Problem } from '../config/problems.js';
import { describeFsError } from '../config/yaml-file.js';
import { displayPathOf, readSdlFiles, type SdlFile } from '../sources/sdl-files.js';
import { SourceLoadError } from '../sources/types.js';

/** The composed output lives in the same folder; it is never read back as input. */
export const COMPOSED_FILE = 'gateway.graphql';

/** Reads the links and policies in `schemas/*.graphql`. A missing folder, or a file of comments only, means none. */
export async function readSchemaFiles(schemasDir: string, cwd: string): Promise<{ files: SdlFile[]; problems: Problem[] }> {
  let names: string[];
  try {
    names = (await readdir(schemasDir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql') && entry.name !== COMPOSED_FILE)
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], problems: [] };
    return { files: [], problems: [{ file: displayPathOf(cwd, schemasDir), message: `cannot read folder (${describeFsError(error)})` }] };
  }
  try {
    return { files: await readSdlFiles(schemasDir, displayPathOf(cwd, schemasDir), names, undefined, { allowEmpty: true }), problems: [] };
  } catch (error) {
    if (error instanceof SourceLoadError) return { files: [], problems: error.problems };
    throw error;
  }
}
