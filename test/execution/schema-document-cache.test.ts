import { describe, expect, it } from 'vitest';
import { buildSchema, parse } from 'graphql';
import { createSchemaDocumentCache } from '../../src/execution/schema-document-cache.js';

describe('schema document cache', () => {
  const schema = buildSchema('type Query { a: Int }');
  const document = parse('{ a }');

  it('computes once per schema, document and key, undefined included', () => {
    const cache = createSchemaDocumentCache<string | undefined>();
    let calls = 0;
    const compute = () => {
      calls += 1;
      return undefined;
    };
    expect(cache.get(schema, document, 'k', compute)).toBeUndefined();
    expect(cache.get(schema, document, 'k', compute)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('keeps schemas, documents and keys apart', () => {
    const cache = createSchemaDocumentCache<string>();
    const other = buildSchema('type Query { a: Int }');
    const sameText = parse('{ a }');
    expect(cache.get(schema, document, 'k', () => 'first')).toBe('first');
    expect(cache.get(schema, document, 'j', () => 'key')).toBe('key');
    expect(cache.get(other, document, 'k', () => 'schema')).toBe('schema');
    expect(cache.get(schema, sameText, 'k', () => 'document')).toBe('document');
    expect(cache.get(schema, document, 'k', () => 'again')).toBe('first');
  });
});
