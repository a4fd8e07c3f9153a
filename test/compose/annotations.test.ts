import { afterEach, describe, expect, it } from 'vitest';
import { getDirectiveExtensions } from '@graphql-tools/utils';
import { isObjectType } from 'graphql';
import { buildOffline } from '../../src/compose/build.js';
import { printComposed } from '../../src/compose/print.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const SOURCE = {
  'sources/shop/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
  'sources/shop/s.graphql': 'type Product { id: ID!, price: Float!, secret: String }\ntype Query { product(id: ID!): Product }\n',
};

async function build(policies: string) {
  project = await tempProject({ ...SOURCE, 'schemas/policies.graphql': policies });
  const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
  return built.schema;
}

describe('policies in schemas/*.graphql', () => {
  it('attaches directives to re-declared fields and types, and prints them in the composed schema', async () => {
    const schema = await build(
      'extend type Product @cacheControl(maxAge: 60) {\n  price: Float! @cacheControl(maxAge: 30, scope: PUBLIC)\n  secret: String @requiresScopes(scopes: [["admin"], ["support", "read"]])\n}\n',
    );
    const product = schema.getType('Product');
    if (!isObjectType(product)) throw new Error('Product missing');
    expect(getDirectiveExtensions(product.getFields()['secret']!, schema)).toEqual({ requiresScopes: [{ scopes: [['admin'], ['support', 'read']] }] });
    expect(getDirectiveExtensions(product, schema)).toEqual({ cacheControl: [{ maxAge: 60 }] });
    const sdl = printComposed(schema);
    expect(sdl).toContain('price: Float! @cacheControl(maxAge: 30, scope: PUBLIC)');
    expect(sdl).toContain('type Product @cacheControl(maxAge: 60)');
    expect(sdl).toContain('directive @requiresScopes(scopes: [[String!]!]!)');
  });

  it('names an unknown directive with file and line', async () => {
    await expect(build('extend type Product {\n  price: Float! @cached\n}\n')).rejects.toThrow('schemas/policies.graphql:2: unknown directive @cached');
  });

  it('names a bad directive argument with file and line', async () => {
    await expect(build('extend type Product {\n\n  price: Float! @cacheControl(maxAge: "soon")\n}\n')).rejects.toThrow(
      /^schemas\/policies\.graphql:3: .*maxAge/,
    );
  });

  it('names a type that no source provides', async () => {
    await expect(build('extend type Order @authenticated\n')).rejects.toThrow(
      'schemas/policies.graphql:1: type "Order" is not an object or interface type of the gateway schema',
    );
  });

  it('names a field that no source provides', async () => {
    await expect(build('extend type Product {\n  weight: Float @authenticated\n}\n')).rejects.toThrow(
      'schemas/policies.graphql:2: field Product.weight is not provided by any source',
    );
  });

  it('reports a syntax error with file and line', async () => {
    await expect(build('extend type Product {\n  price: Float! @cacheControl(\n')).rejects.toThrow(/^schemas\/policies\.graphql:3: syntax error/);
  });

  it('rejects a source type named like a Plexus type', async () => {
    project = await tempProject({
      'sources/x/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'sources/x/s.graphql': 'enum CacheControlScope { ALL }\ntype Query { scope: CacheControlScope }\n',
    });
    await expect(buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} })).rejects.toThrow(
      'type "CacheControlScope" is also defined, differently, by source "plexus"',
    );
  });
});
