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
