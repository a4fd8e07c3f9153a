import { z } from 'zod';
import { booleanish, byteSizeSchema, durationSchema, numberIn } from '../config/schema-helpers.js';

const APQ_DEFAULTS = { enabled: true, maxEntries: 1000, maxBytes: 10 * 1024 * 1024, ttl: 24 * 3600_000, maxDocumentBytes: 64 * 1024, keyPrefix: 'plexus:apq:' };

/** `true`, `false` or `{ enabled, store, maxEntries, maxBytes, ttl, maxDocumentBytes, keyPrefix }`. */
const apqSchema = z.preprocess(
  (value) => (value !== null && typeof value === 'object' ? value : { enabled: value }),
  z.strictObject({
    /** Default true. */
    enabled: booleanish.default(APQ_DEFAULTS.enabled),
    /**
     * Where registrations live: `memory` (this process) or `redis` (shared by every replica, on one
     * Redis or a cluster). Default: `redis` when the response cache or the rate limit is on with
     * the `redis` store, else `memory`.
     */
    store: z.enum(['memory', 'redis']).optional(),
    /** Memory store: most documents remembered (least recently used go first). Default 1000. */
    maxEntries: numberIn({ whole: true, min: 1 }).default(APQ_DEFAULTS.maxEntries),
    /** Memory store: most bytes of document text remembered. Default 10mb. */
    maxBytes: byteSizeSchema.default(APQ_DEFAULTS.maxBytes),
    /** Redis store: how long a registration lives after it was last registered. Default 24h. */
    ttl: durationSchema.default(APQ_DEFAULTS.ttl),
    /** Redis store: a longer document runs but is not registered. Default 64kb. */
    maxDocumentBytes: byteSizeSchema.default(APQ_DEFAULTS.maxDocumentBytes),
    /** Redis store: prefix of every key it writes. Default `plexus:apq:`. */
    keyPrefix: z.string().min(1).default(APQ_DEFAULTS.keyPrefix),
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
    /** Automatic persisted queries: `true`, `false` or `{ enabled, store, … }`. Default true. */
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
  PLEXUS_APQ_STORE: ['persistedDocuments', 'apq', 'store'],
  PLEXUS_TRUSTED_DOCUMENTS: ['persistedDocuments', 'trusted', 'manifest'],
  PLEXUS_TRUSTED_DOCUMENTS_ALLOW_ARBITRARY: ['persistedDocuments', 'trusted', 'allowArbitrary'],
};
