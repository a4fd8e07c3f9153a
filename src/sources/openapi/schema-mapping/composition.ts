import { isRecord, type SchemaObject } from '../document.js';
import type { SchemaIndex } from '../schema-index.js';
import { admitsNull, variantsOf } from './shape.js';

/** Keys that give a schema a structure of its own, beyond annotations such as `description`. */
const STRUCTURE_KEYS = ['properties', 'items', 'enum', 'const', 'additionalProperties'] as const;

function hasOwnStructure(schema: SchemaObject, besides: 'allOf' | 'variants'): boolean {
  if (STRUCTURE_KEYS.some((key) => schema[key] !== undefined)) return true;
  return besides === 'allOf' ? schema.oneOf !== undefined || schema.anyOf !== undefined : schema.allOf !== undefined;
}

/** The schema that a wrapper stands for: `allOf: [X]` or `oneOf: [X, null]` with only annotations beside it. */
function aliasTarget(schema: SchemaObject): SchemaObject | undefined {
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && isRecord(schema.allOf[0]) && !hasOwnStructure(schema, 'allOf')) {
    return schema.allOf[0];
  }
  const variants = variantsOf(schema);
  if (variants?.length === 1 && !hasOwnStructure(schema, 'variants')) return variants[0];
  return undefined;
}

/** What one use of a schema resolves to: the schema to map, and whether this use admits null. */
export interface Resolved {
  /** The declared schema: the key for caching its GraphQL type and for finding its name. */
  source: SchemaObject;
  /** The same schema with `allOf` merged in, to read properties and types from. */
  schema: SchemaObject;
  nullable: boolean;
}

/**
 * Resolves the schema at one place of the document: follows wrappers to the schema they stand for,
 * merges `allOf`, and collects nullability along the way (a 3.0 `nullable` beside an `allOf`, a
 * 3.1 null variant).
 */
export class SchemaResolver {
  private readonly mergedSchemas = new WeakMap<object, SchemaObject>();

  constructor(private readonly index: SchemaIndex) {}

  resolve(schema: SchemaObject): Resolved {
    let current = this.index.original(schema);
    let nullable = admitsNull(schema);
    const seen = new Set<object>();
    for (let next = aliasTarget(current); next && !seen.has(current); next = aliasTarget(current)) {
      seen.add(current);
      current = this.index.original(next);
      nullable ||= admitsNull(current);
    }
    return { source: current, schema: this.merged(current), nullable };
  }

  /**
   * The schema with its `allOf` members folded in: properties and required lists are united,
   * other keys are taken from the first part that sets them (the schema's own first). Composition
   * keywords of members (`oneOf`, `discriminator`) stay with the members, so that `Cat: allOf:
   * [Pet]` where Pet lists its subtypes does not make Cat a union of itself.
   */
  merged(schema: SchemaObject): SchemaObject {
    if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) return schema;
    const cached = this.mergedSchemas.get(schema);
    if (cached) return cached;
    const result: SchemaObject = {};
    // Registered before merging: a member that reaches back to this schema sees it as done.
    this.mergedSchemas.set(schema, result);
    const { allOf, ...own } = schema;
    const parts = [own, ...allOf.filter(isRecord).map((part) => this.resolve(part).schema)];
    const properties: Record<string, SchemaObject> = {};
    const required = new Set<string>();
    parts.forEach((part, position) => {
      for (const [key, value] of Object.entries(part)) {
        if (key === 'properties' && isRecord(value)) Object.assign(properties, value);
        else if (key === 'required' && Array.isArray(value)) value.forEach((name) => required.add(String(name)));
        else if (position > 0 && (key === 'oneOf' || key === 'anyOf' || key === 'discriminator' || key === 'title')) continue;
        else if (!(key in result)) (result as Record<string, unknown>)[key] = value;
      }
    });
    if (Object.keys(properties).length > 0) {
      result.properties = properties;
      if (result.type === undefined) result.type = 'object';
    }
    if (required.size > 0) result.required = [...required];
    return result;
  }
}
