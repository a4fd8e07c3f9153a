import { z } from 'zod';

/** A boolean that also accepts the strings environment variables carry. */
export const booleanish = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((value) => ['true', '1', 'yes', 'on'].includes(value)),
]);

/** A number that also accepts its decimal string form (from the environment). */
export const numberish = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a number').transform(Number)]);

export const port = numberish.pipe(z.number().int().min(0).max(65535));
