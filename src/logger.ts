import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

export type Logger = PinoLogger;

export interface LoggerConfig {
  /** pino level; `silent` turns logging off. Default `info`. */
  level?: string;
}

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/**
 * Where secrets can sit in a log object: credential headers of a logged request or upstream call
 * (at the top, under `req`, or one level down such as `err.headers`), and fields named like secrets.
 * Plexus's own lines never write headers; these paths guard what libraries and errors carry.
 */
const REDACTED_PATHS = [
  ...SECRET_HEADERS.flatMap((name) => [`headers["${name}"]`, `req.headers["${name}"]`, `*.headers["${name}"]`]),
  ...['token', 'secret', 'password', 'authorization'].flatMap((name) => [name, `*.${name}`]),
];

/** One structured JSON logger per process; secrets in known places are redacted. */
export function createLogger(config: LoggerConfig = {}, destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { name: 'plexus' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
