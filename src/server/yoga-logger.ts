import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/** Lets yoga log through pino. Yoga passes (message, ...details). */
export function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, first.message);
      else if (rest.length > 0)
        logger[level]({ details: rest.map((item) => (item instanceof Error ? { message: item.message, stack: item.stack } : item)) }, String(first));
      else logger[level](String(first));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
