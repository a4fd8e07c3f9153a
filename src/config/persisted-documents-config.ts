import { z } from 'zod';
import { booleanish, numberIn } from './schema-helpers.js';
import { byteSizeSchema } from './limits-config.js';

const APQ_DEFAULTS = { enabled: true, maxEntries: 1000, maxBytes: 10 * 1024 * 1024 };

/** `true`, `false` or `{ enabled, maxEntries, maxBytes }`. */
const apqSchema = z.preprocess(
  (value) => (value !== null && typeof value === 'object' ? value : { enabled: value }),
  z.strictObject({
    /** Default true. */
    enabled: booleanish.default(APQ_DEFAULTS.enabled),
    /** Most documents remembered (least recently used go first). Default 1000. */
    maxEntries: numberIn({ whole: true, min: 1 }).default(APQ_DEFAULTS.maxEntries),
    /** Most bytes of document text remembered. Default 10mb. */
    maxBytes: byteSizeSchema.default(APQ_DEFAULTS.maxBytes),
  }),
);

/** An empty value (an unset `${VAR:-}` in the file) means "not set". */
const optionalPath = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/**
 * `persistedDocuments`: clients send a document id instead of the document. Automatic persisted
 * queries (APQ) let any client register a document by its sha256 hash; trusted documents run only
 * the documents of a manifest built at release time (GraphQL Code Generator's
 * `persisted-documents.json`).
 */
export const persistedDocumentsConfigSchema = z
  .strictObject({
    /** Automatic persisted queries: `true`, `false` or `{ enabled, maxEntries, maxBytes }`. Default true. */
    apq: apqSchema.default(APQ_DEFAULTS),
    trusted: z
      .strictObject({
        /** JSON file mapping document id to document text, relative to the project folder. Default: none (mode off). */
        manifest: optionalPath,
        /** Also run documents sent in full (and APQ registrations). Default false: only manifest ids run. */
        allowArbitrary: booleanish.default(false),
      })
      .prefault({}),
  })
  .transform((documents) => ({ ...documents, trustedOnly: documents.trusted.manifest !== undefined && !documents.trusted.allowArbitrary }));

export type PersistedDocumentsConfig = z.output<typeof persistedDocumentsConfigSchema>;

export const persistedDocumentsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_APQ: ['persistedDocuments', 'apq'],
  PLEXUS_TRUSTED_DOCUMENTS: ['persistedDocuments', 'trusted', 'manifest'],
  PLEXUS_TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: ['persistedDocuments', 'trusted', 'allowArbitrary'],
};
