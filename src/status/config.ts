import { z } from 'zod';
import { booleanish, durationSchema, switchable } from '../config/schema-helpers.js';

/** A token shorter than this is refused: the page shows the shape and health of every service. */
export const MIN_STATUS_TOKEN_LENGTH = 16;

const statusObjectSchema = z.strictObject({
  /** Serve the operator's page at `/status` and its data at `/status.json`. Default false (both answer 404). */
  enabled: booleanish.default(false),
  /**
   * When set, both paths require `Authorization: Bearer <token>` (401 otherwise). A secret:
   * `plexus config` redacts it. Default: not set, the page is open to whoever reaches the port.
   */
  token: z
    .string()
    .min(MIN_STATUS_TOKEN_LENGTH, { error: `expected a token of at least ${MIN_STATUS_TOKEN_LENGTH} characters` })
    .optional(),
  /** How far back rates, error rates and latencies look (kept in memory in 30 slices), 30s to 1h. Default 5m. */
  window: durationSchema.default(300_000),
  /** How often the page asks for fresh data, at least 500ms. Default 2s. */
  refresh: durationSchema.default(2_000),
});

/** Bounds that need the parsed durations: kept out of the keys' schemas, which `plexus init` and `plexus config` read. */
const boundedStatusSchema = statusObjectSchema.superRefine((value, ctx) => {
  if (value.window < 30_000 || value.window > 3_600_000) ctx.addIssue({ code: 'custom', path: ['window'], message: 'expected a window from 30s to 1h' });
  if (value.refresh < 500) ctx.addIssue({ code: 'custom', path: ['refresh'], message: 'expected a refresh interval of at least 500ms' });
});

/** `status`: the operator's page. `false` (the default), `true`, or an object as above. */
export const statusConfigSchema = switchable(boundedStatusSchema);

export type StatusConfig = z.output<typeof statusConfigSchema>;

export const statusEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_STATUS_ENABLED: ['status', 'enabled'],
  PLEXUS_STATUS_TOKEN: ['status', 'token'],
  PLEXUS_STATUS_WINDOW: ['status', 'window'],
  PLEXUS_STATUS_REFRESH: ['status', 'refresh'],
};
