import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * Values worked out once per schema, parsed document and a key of the caller's choosing (an
 * operation name, a class of callers). Yoga hands the same document object to every request with
 * the same text, so identity is the cheap key; both levels are weak, so a reloaded schema or an
 * evicted document takes its values with it and nothing needs clearing.
 */
export interface SchemaDocumentCache<Value> {
  /** The value for this schema, document and key; `compute` runs only the first time. */
  get(schema: GraphQLSchema, document: DocumentNode, key: string, compute: () => Value): Value;
}

export function createSchemaDocumentCache<Value>(): SchemaDocumentCache<Value> {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Value>>>();
  return {
    get(schema, document, key, compute) {
      let byDocument = bySchema.get(schema);
      if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
      let byKey = byDocument.get(document);
      if (!byKey) byDocument.set(document, (byKey = new Map()));
      // `has`, not `undefined`: a computed value may itself be undefined.
      if (byKey.has(key)) return byKey.get(key) as Value;
      const value = compute();
      byKey.set(key, value);
      return value;
    },
  };
}
