import { z } from 'zod';
import { byteSizeSchema } from '../config/schema-helpers.js';

/** `upstream`: what the gateway allows itself across every call to every source. */
export const upstreamConfigSchema = z.strictObject({
  /**
   * Most bytes of upstream answers held at once, across all requests (`128mb`, `512kb` or bytes).
   * An answer is held from its first byte until its request has a result; a call that would go
   * past it fails with `UPSTREAM_ERROR` (`extensions.limit: "upstream.maxBytesInFlight"`) instead
   * of the process running out of memory. Default 128mb.
   */
  maxBytesInFlight: byteSizeSchema.default(128 * 1024 * 1024),
});

export type UpstreamConfig = z.output<typeof upstreamConfigSchema>;

export const upstreamEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_UPSTREAM_MAX_BYTES_IN_FLIGHT: ['upstream', 'maxBytesInFlight'],
};
