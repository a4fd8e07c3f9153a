import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';

/** `--workers N|auto`: a positive whole number, or `auto` for one worker per core. */
export function parseWorkerCount(value: string): number {
  if (value === 'auto') return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('expected a positive whole number or "auto"');
  return count;
}
