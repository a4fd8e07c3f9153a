import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration in config: `500ms`, `2s`, `1m` or milliseconds as a number. Parsed to milliseconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (use e.g. 500ms, 2s, 1m)` });
    return z.NEVER;
  }
  return ms;
});

/** A boolean that also accepts the strings environment variables carry. */
export const booleanish = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((value) => ['true', '1', 'yes', 'on'].includes(value)),
]);

/** A number that also accepts its decimal string form (from the environment). */
export const numberish = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a number').transform(Number)]);

export const port = numberish.pipe(z.number().int().min(0).max(65535));

/** An HTTP header name, lower-cased (header names are case-insensitive). */
export const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid HTTP header name')
  .transform((name) => name.toLowerCase());

/** A list of strings, also written as one comma-separated string (environment variables carry those). */
export const stringList = z.union([
  z.array(z.string().min(1)),
  z.string().transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== '')),
]);
