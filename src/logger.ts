import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

export type Logger = PinoLogger;

export interface LoggerConfig {
  /** pino level; `silent` turns logging off. Default `info`. */
  level?: string;
}

/** One structured JSON logger per process; secrets in known places are redacted. */
export function createLogger(config: LoggerConfig = {}, destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { name: 'plexus' },
    redact: {
      paths: ['headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
