import { z } from 'zod';
import { booleanish } from '../config/schema-helpers.js';

/** `logging`: the process's pino logger and the one line written per GraphQL request. */
export const loggingConfigSchema = z.strictObject({
  /** pino level; `silent` turns logging off. Default `info`. */
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Write one line per GraphQL request (`info`, or `warn` when it has errors). Default true. */
  requests: booleanish.default(true),
});

export type LoggingConfig = z.output<typeof loggingConfigSchema>;

export const loggingEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_LOG_LEVEL: ['logging', 'level'],
  PLEXUS_LOG_REQUESTS: ['logging', 'requests'],
};
