import { z } from 'zod';
import { booleanish, byteSizeSchema, numberIn } from '../config/schema-helpers.js';

/**
 * `uploads`: file uploads by the GraphQL multipart request specification (the form
 * apollo-upload-client sends). Files are written to the system's temporary directory as they
 * arrive and streamed from there to the service, so a file never sits whole in memory; they are
 * deleted when the response has been sent.
 */
export const uploadsConfigSchema = z.strictObject({
  /** Accept `multipart/form-data` requests at /graphql. Default true. */
  enabled: booleanish.default(true),
  /** Largest file, in bytes or `10mb`; a bigger one ends the request with 413 `REQUEST_ENTITY_TOO_LARGE`. Default 10mb. */
  maxFileSize: byteSizeSchema.default(10 * 1024 * 1024),
  /** Most files in one request; more end it with 413 `REQUEST_ENTITY_TOO_LARGE`. Default 10. */
  maxFiles: numberIn({ whole: true, min: 1 }).default(10),
});

export type UploadsConfig = z.output<typeof uploadsConfigSchema>;

export const uploadsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_UPLOADS_ENABLED: ['uploads', 'enabled'],
  PLEXUS_UPLOADS_MAX_FILE_SIZE: ['uploads', 'maxFileSize'],
  PLEXUS_UPLOADS_MAX_FILES: ['uploads', 'maxFiles'],
};
