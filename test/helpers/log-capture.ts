import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Record<string, unknown>[];
  /** Lines at error level or above (pino's 50 and 60). */
  errors(): Record<string, unknown>[];
}

/** A real pino logger at `level` whose lines the test can read. */
export function captureLog(level = 'info'): CapturedLog {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level }, stream), lines, errors: () => lines.filter((line) => Number(line['level']) >= 50) };
}
