import { z } from 'zod';
import { booleanish, byteSizeSchema, expecting, stringList } from '../config/schema-helpers.js';

/** The content codings Plexus can answer in, in its order of preference. */
export const RESPONSE_ENCODINGS = ['br', 'zstd', 'gzip'] as const;
export type ResponseEncoding = (typeof RESPONSE_ENCODINGS)[number];

const encodingSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(RESPONSE_ENCODINGS, expecting(RESPONSE_ENCODINGS.join(', '))));

/**
 * `compression`: answers compressed as the client's `Accept-Encoding` asks, and request bodies
 * sent with a `Content-Encoding` accepted (`limits.maxBodySize` counts the decompressed bytes).
 */
export const compressionConfigSchema = z.strictObject({
  /** Compress answers and accept compressed request bodies. Default true. */
  enabled: booleanish.default(true),
  /** Smallest answer that is compressed; streams (SSE, multipart) are always compressed. Default 1kb. */
  threshold: byteSizeSchema.default(1024),
  /**
   * The codings answers may use, in order of preference when the client likes several equally.
   * Those the running Node.js lacks (zstd before Node 22.15) are skipped. Default `br, zstd, gzip`.
   */
  encodings: stringList.pipe(z.array(encodingSchema).min(1, 'name at least one encoding')).default([...RESPONSE_ENCODINGS]),
});

export type CompressionConfig = z.output<typeof compressionConfigSchema>;

export const compressionEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_COMPRESSION: ['compression', 'enabled'],
  PLEXUS_COMPRESSION_THRESHOLD: ['compression', 'threshold'],
  PLEXUS_COMPRESSION_ENCODINGS: ['compression', 'encodings'],
};
