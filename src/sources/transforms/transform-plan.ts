import type { Problem } from '../../config/problems.js';

/** What a source's `transforms:` do to its schema, in the source's own names. */
export interface TransformPlan {
  /** Old type name → new, only names that change. */
  typeNames: Map<string, string>;
  /** Old type name → (old field name → new), for object, interface and input object types. */
  fieldNames: Map<string, Map<string, string>>;
  /** Old enum name → (old value → new). */
  enumValues: Map<string, Map<string, string>>;
  /** Old type name → fields removed from it. */
  removedFields: Map<string, Set<string>>;
  /** Types removed, by filter or because nothing reaches them any more. */
  removedTypes: Set<string>;
  /** Removed because nothing reaches them after filtering (a subset of removedTypes). */
  unreachableTypes: Set<string>;
  problems: Problem[];
}
