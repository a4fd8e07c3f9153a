import v8 from 'node:v8';

const FLAG = '--heap-growing-percent';

export type HeapGrowthOutcome = 'set' | 'left to V8' | 'set by the operator';

/**
 * Bounds how far V8 lets the JavaScript heap grow past what a full collection left alive, in
 * percent (`memory.heapGrowth`). Under load a gateway promotes request data faster than V8's own
 * heuristic collects it, and that heuristic lets the old generation reach four times its live
 * size: about 300 MB of RSS on the fan-out, where 50% keeps it under 200 MB for little CPU (full
 * collections of this small live set are short; bench/README.md has the figures).
 *
 * V8 reads this flag whenever it sets the next collection's limit, so setting it at run time takes
 * effect; a `--heap-growing-percent` the process was started with (NODE_OPTIONS) is left alone.
 */
export function applyHeapGrowth(percent: number, started: { execArgv: readonly string[]; nodeOptions: string | undefined } = fromProcess()): HeapGrowthOutcome {
  if ([...started.execArgv, ...(started.nodeOptions ?? '').split(/\s+/)].some((arg) => arg.startsWith(FLAG) || arg.startsWith('--heap_growing_percent'))) {
    return 'set by the operator';
  }
  if (percent === 0) return 'left to V8';
  v8.setFlagsFromString(`${FLAG}=${percent}`);
  return 'set';
}

function fromProcess() {
  return { execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] };
}
