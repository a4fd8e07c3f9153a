import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './processes.js';

const run = promisify(execFile);
const OUT = join(ROOT, 'node_modules', '.cache', 'plexus-bench');

/**
 * Compiles the gateway (and the bench's gateway entry) to plain JavaScript, as `npm run build` does,
 * so the measured gateway runs like a production one: no TypeScript loader, whose thread and
 * caches would add to its memory. Returns the compiled gateway entry.
 */
export async function buildGatewayForBench(): Promise<string> {
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], { cwd: ROOT });
  await run(process.execPath, ['bin/copy-assets.js', join(OUT, 'src')], { cwd: ROOT });
  return join(OUT, 'bench', 'gateway-process.js');
}

/** Options every load script takes. */
export const LOAD_OPTIONS = {
  // Run the gateway from a compiled build (default), or through the TypeScript loader with --no-build.
  build: { type: 'boolean', default: true },
  connections: { type: 'string', default: '32' },
} as const;

/** The gateway entry to start: a fresh build, or the TypeScript source. */
export function gatewayEntry(build: boolean | undefined): Promise<string> {
  return build === false ? Promise.resolve('bench/gateway-process.ts') : buildGatewayForBench();
}
