import { z } from 'zod';
import { parseDuration } from './duration.js';
import { describeValue, got } from './issue-messages.js';

/** A zod error option whose message says what was expected and what was found. */
export const expecting = (expected: string) => ({ error: (issue: { input?: unknown }) => `expected ${expected}${got(issue.input)}` });

const DURATION = 'a duration (e.g. 500ms, 2s, 1m, 1h, or a number of milliseconds)';

/** A duration in config: `500ms`, `2s`, `1m` or milliseconds as a number. Parsed to milliseconds. */
export const durationSchema = z.union([z.string(), z.number()], expecting(DURATION)).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is not a duration (use e.g. 500ms, 2s, 1m)` });
    return z.NEVER;
  }
  return ms;
});

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 };

/** A size in bytes: a number, or `512kb`, `1mb`, `2gb`. */
export const byteSizeSchema = z.union([z.number(), z.string()], expecting('a size (e.g. 100kb, 1mb or a number of bytes)')).transform((value, ctx) => {
  const match = typeof value === 'number' ? null : /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  const bytes = typeof value === 'number' ? value : match ? Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()]! : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    ctx.addIssue({ code: 'custom', message: `${describeValue(value)} is not a size (use e.g. 100kb, 1mb or a number of bytes)` });
    return z.NEVER;
  }
  return Math.floor(bytes);
});

const BOOLEAN = 'true or false (or yes/no, on/off, 1/0)';

/** A boolean that also accepts the strings environment variables carry. */
export const booleanish = z.union(
  [
    z.boolean(),
    z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], expecting(BOOLEAN)).transform((value) => ['true', '1', 'yes', 'on'].includes(value)),
  ],
  expecting(BOOLEAN),
);

const DECIMAL = /^\s*-?\d+(\.\d+)?\s*$/;

/** Bounds of a number in config; every bound is inclusive except `above`. */
export interface NumberBounds {
  whole?: boolean;
  min?: number;
  max?: number;
  above?: number;
}

/**
 * A number (or its decimal text, from the environment) within bounds. One message says all that
 * is accepted, whichever bound a value misses: "expected a whole number of at least 1, got 0".
 */
export function numberIn(bounds: NumberBounds) {
  const noun = bounds.whole ? 'a whole number' : 'a number';
  const range =
    bounds.min !== undefined && bounds.max !== undefined
      ? ` from ${bounds.min} to ${bounds.max}`
      : bounds.min !== undefined
        ? ` of at least ${bounds.min}`
        : bounds.above !== undefined
          ? ` above ${bounds.above}`
          : '';
  const error = expecting(noun + range);
  let number = z.number(error);
  if (bounds.whole) number = number.int(error);
  if (bounds.min !== undefined) number = number.min(bounds.min, error);
  if (bounds.max !== undefined) number = number.max(bounds.max, error);
  if (bounds.above !== undefined) number = number.gt(bounds.above, error);
  return z.union([z.number(error), z.string().regex(DECIMAL, error).transform(Number)], error).pipe(number);
}

const PORT = expecting('a port number from 0 to 65535 (0: any free port)');

export const port = z
  .union(
    [
      z.number(PORT),
      z
        .string()
        .regex(/^\s*\d+\s*$/, PORT)
        .transform(Number),
    ],
    PORT,
  )
  .pipe(z.number().int(PORT).min(0, PORT).max(65535, PORT));

/** An HTTP header name, lower-cased (header names are case-insensitive). */
export const headerNameSchema = z
  .string(expecting('an HTTP header name'))
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, expecting("an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)"))
  .transform((name) => name.toLowerCase());

/** A list of strings, also written as one comma-separated string (environment variables carry those). */
export const stringList = z.union(
  [
    z.array(z.string().min(1)),
    z.string().transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ],
  expecting('a list of text, or one comma-separated text'),
);

/**
 * A section that can be switched off as a whole: `true`/`false` (or an environment variable's
 * `"true"`) stands for `{ enabled: <value> }`, an object configures it.
 */
export function switchable<T extends z.ZodType>(section: T) {
  return z.preprocess((value) => (typeof value === 'boolean' || typeof value === 'string' ? { enabled: value } : value), section);
}
