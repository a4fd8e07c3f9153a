import { z } from 'zod';
import { booleanish, byteSizeSchema, numberIn } from '../config/schema-helpers.js';

const count = numberIn({ whole: true, min: 0 });
const positiveCount = numberIn({ whole: true, min: 1 });

/**
 * `limits`: what one request may ask for. Each rule rejects the operation before any upstream
 * call with `QUERY_TOO_COMPLEX` and a message naming the limit.
 */
export const limitsConfigSchema = z.strictObject({
  /**
   * Deepest field nesting of an operation, counted in fields: fields inside fragments count at the
   * level where the fragment is spread, and a spread or inline fragment adds no level. Default 10.
   */
  maxDepth: positiveCount.default(10),
  /** Largest computed cost of an operation (see docs: objects 2, scalars 1, ×1.5 per level, ×`first`/`last`). Default 5000. */
  maxCost: numberIn({ above: 0 }).default(5000),
  /** Most aliases in an operation. Default 15. */
  maxAliases: count.default(15),
  /** Most directives in an operation. Default 50. */
  maxDirectives: count.default(50),
  /** Most lexical tokens in a document. Default 1000 (the standard introspection query has under 200). */
  maxTokens: positiveCount.default(1000),
  /**
   * Deepest nesting once `__schema` subtrees count too. The data limits above do not apply to
   * introspection (a standard introspection query is 15 levels deep); this one does. Default 25.
   */
  maxIntrospectionDepth: positiveCount.default(25),
  /**
   * Deepest nesting of objects and lists in one variable or extension, checked before anything
   * walks them; deeper input is refused with 400 `BAD_USER_INPUT`. Several parts of a request's way
   * (variable coercion, JSON encoding, request building) walk values recursively and would run out
   * of stack thousands of levels down. Default 128: far below that, and above what real documents
   * need (a Firestore document at its limit of 20 nested maps is 60 to 80 levels deep, depending on
   * how its schema spells maps).
   */
  maxInputDepth: positiveCount.default(128),
  /**
   * What each list element costs toward `maxCost` and the rate limit, in variables and in list
   * arguments written in the operation (nested lists count every element). 0 leaves lists out.
   * Default 1, as a scalar field: an `ids` list of a few hundred adds a few hundred to costs that
   * are tens for ordinary operations, while 100,000 ids are refused before any work.
   */
  listItemCost: numberIn({ min: 0 }).default(1),
  /** Hide "Did you mean …?" suggestions in validation errors, so the schema cannot be guessed. Default true. */
  blockFieldSuggestions: booleanish.default(true),
  /** Largest request body (HTTP 413 past it). Default 1mb. */
  maxBodySize: byteSizeSchema.default(1024 * 1024),
  /** Most operations in one batched (JSON array) request; 0 refuses batches. Default 0. */
  maxBatchSize: count.default(0),
});

export type LimitsConfig = z.output<typeof limitsConfigSchema>;

export const limitsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_LIMITS_MAX_DEPTH: ['limits', 'maxDepth'],
  PLEXUS_LIMITS_MAX_COST: ['limits', 'maxCost'],
  PLEXUS_LIMITS_MAX_ALIASES: ['limits', 'maxAliases'],
  PLEXUS_LIMITS_MAX_DIRECTIVES: ['limits', 'maxDirectives'],
  PLEXUS_LIMITS_MAX_TOKENS: ['limits', 'maxTokens'],
  PLEXUS_LIMITS_MAX_INTROSPECTION_DEPTH: ['limits', 'maxIntrospectionDepth'],
  PLEXUS_LIMITS_MAX_INPUT_DEPTH: ['limits', 'maxInputDepth'],
  PLEXUS_LIMITS_LIST_ITEM_COST: ['limits', 'listItemCost'],
  PLEXUS_LIMITS_BLOCK_FIELD_SUGGESTIONS: ['limits', 'blockFieldSuggestions'],
  PLEXUS_LIMITS_MAX_BODY_SIZE: ['limits', 'maxBodySize'],
  PLEXUS_LIMITS_MAX_BATCH_SIZE: ['limits', 'maxBatchSize'],
};
