import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoProject } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';

const run = promisify(execFile);
// Inside the project, so that the build resolves the project's node_modules as dist/ would.
const OUT = join(ROOT, 'node_modules', '.cache', 'plexus-build-test');

describe('the production build', () => {
  it('compiles to plain JavaScript that runs without the TypeScript loader', async () => {
    await rm(OUT, { recursive: true, force: true });
    const project = await demoProject();
    try {
      await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT });
      await run(process.execPath, ['bin/copy-assets.js', OUT], { cwd: ROOT });
      // `check` loads every demo source, the gRPC one with the protos the build copied.
      const { stdout } = await run(process.execPath, [join(OUT, 'main.js'), 'check'], { cwd: project.dir });
      expect(stdout).toContain('ok: 4 sources: inventory (graphql), orders (grpc), products (graphql), users (openapi)');
    } finally {
      await rm(OUT, { recursive: true, force: true });
      await project.remove();
    }
  }, 120_000);
});
