import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { applyHeapGrowth } from '../../src/server/heap-growth.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/heap-growth-child.ts', import.meta.url));

/** The growing factors V8 used after the child's full collection, as its verbose GC trace prints them. */
async function factorsWith(env: Record<string, string>): Promise<{ outcome: string; factors: string[] }> {
  const { stdout } = await run(process.execPath, ['--trace-gc-verbose', '--expose-gc', 'bin/run-ts.js', CHILD], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const after = stdout.slice(stdout.indexOf('outcome:'));
  return {
    outcome: /outcome: (.*)/.exec(after)![1]!,
    factors: [...after.matchAll(/\[HeapController\] Limit: .*\((\d+\.\d)\)/g)].map((match) => match[1]!),
  };
}

describe('memory.heapGrowth', () => {
  test('reaches V8: the next full collection sets its limit with that factor', async () => {
    const fifty = await factorsWith({ PLEXUS_MEMORY_HEAP_GROWTH: '50' });
    expect(fifty.outcome).toBe('set');
    expect(fifty.factors).toContain('1.5');
    const seventy = await factorsWith({ PLEXUS_MEMORY_HEAP_GROWTH: '70' });
    expect(seventy.factors).toContain('1.7');
    expect(seventy.factors).not.toContain('1.5');
  });

  test('by default the heap grows by half of what is live', async () => {
    expect((await factorsWith({})).factors).toContain('1.5');
  });

  test("0 leaves V8's heuristic, and a flag the process was started with wins", () => {
    expect(applyHeapGrowth(0, { execArgv: [], nodeOptions: undefined })).toBe('left to V8');
    expect(applyHeapGrowth(50, { execArgv: ['--heap-growing-percent=20'], nodeOptions: undefined })).toBe('set by the operator');
    expect(applyHeapGrowth(50, { execArgv: [], nodeOptions: '--max-semi-space-size=32 --heap_growing_percent=30' })).toBe('set by the operator');
  });
});
