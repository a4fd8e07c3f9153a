import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/gateway.js';

// `npm run lint` cruises src/ with .dependency-cruiser.cjs; this checks that its cycle rule still
// catches a cycle (test/import-cycle/ holds one) and that src/ has none.
const run = promisify(execFile);
const depcruise = (path: string) =>
  run(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', path, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: ROOT,
  }).then(
    ({ stdout }) => ({ failed: false, stdout }),
    (error: unknown) => ({ failed: true, stdout: (error as { stdout: string }).stdout }),
  );

describe('import rules', () => {
  it('reject an import cycle', async () => {
    const result = await depcruise('test/import-cycle');
    expect(result.failed).toBe(true);
    expect(result.stdout).toContain('no-cycles');
    expect(result.stdout).toContain('test/import-cycle/first.ts');
  });

  it('find none in src/', async () => {
    const result = await depcruise('src');
    expect(result).toMatchObject({ failed: false });
  });
});
