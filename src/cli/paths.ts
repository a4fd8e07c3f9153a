import { resolve } from 'node:path';

export interface PathOptions {
  sources: string;
  schemas: string;
}

export function resolvePaths(options: PathOptions, cwd: string) {
  return { sourcesDir: resolve(cwd, options.sources), schemasDir: resolve(cwd, options.schemas) };
}

export { COMPOSED_FILE } from '../compose/schema-files.js';
