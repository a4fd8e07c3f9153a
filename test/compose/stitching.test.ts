import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { ConfigurationError } from '../../src/config/problems.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { demoSourceFile, startDemoGateway } from '../helpers/demo-project.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let demo: DemoServices;
let gateway: TestGateway | undefined;
let project: TempProject | undefined;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
});
afterAll(() => demo.close());
afterEach(async () => {
  await gateway?.close();
  await project?.remove();
  gateway = undefined;
  project = undefined;
});

describe('stitching GraphQL sources', () => {
  it('answers one query that spans two services, one upstream call each', async () => {
    gateway = await startDemoGateway({ env: demo.env });
    const before = { products: demo.services.products.requests, inventory: demo.services.inventory.requests };
    const { status, body } = await gateway.query('{ products(first: 2) { id name price reviews { rating } } stock(productId: "2") { available warehouse } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        products: [
          { id: '1', name: 'Sturdy Kettle', price: 42.01, reviews: [{ rating: 2 }] },
          { id: '2', name: 'Quiet Backpack', price: 79.02, reviews: [{ rating: 3 }, { rating: 4 }] },
        ],
        stock: { available: 14, warehouse: 'Gdansk' },
      },
    });
    expect(demo.services.products.requests - before.products).toBe(1);
    expect(demo.services.inventory.requests - before.inventory).toBe(1);
  });

  it('loads a source by introspection when schema is omitted', async () => {
    project = await tempProject({
      'sources/catalogue/source.yaml': `kind: graphql\nendpoint: ${demo.services.products.url}\n`,
    });
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    const { body } = await gateway.query('{ product(id: "3") { name } productsByIds(ids: ["1", "99"]) { id } }');
    expect(body).toEqual({ data: { product: { name: 'Bright Headphones' }, productsByIds: [{ id: '1' }, null] } });
  });

  it('publishes in sources/ the schema the demo services serve', async () => {
    const { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } = await import('graphql');
    const { readFile } = await import('node:fs/promises');
    for (const name of ['products', 'inventory'] as const) {
      const published = await readFile(demoSourceFile(name, 'schema.graphql'), 'utf8');
      const response = await fetch(demo.services[name].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: getIntrospectionQuery() }),
      });
      const served = buildClientSchema(((await response.json()) as { data: Parameters<typeof buildClientSchema>[0] }).data);
      expect(printSchema(lexicographicSortSchema(served))).toBe(printSchema(lexicographicSortSchema(buildSchema(published))));
    }
  });
});

describe('name clashes', () => {
  const other = 'type Product { sku: String! }\ntype Query { catalogueItem: Product }\n';

  async function project2(prefix = '') {
    return tempProject({
      'sources/products/source.yaml': `kind: graphql\nendpoint: ${demo.services.products.url}\nschema: schema.graphql\n`,
      'sources/products/schema.graphql': await (await import('node:fs/promises')).readFile(demoSourceFile('products', 'schema.graphql'), 'utf8'),
      'sources/legacy/source.yaml': `kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n${prefix}`,
      'sources/legacy/schema.graphql': other,
    });
  }

  it('reports a type two sources define differently', async () => {
    project = await project2();
    const error = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('type "Product" is also defined, differently, by source "legacy"');
    expect((error as Error).message).toContain('sources/products/source.yaml');
  });

  it('is resolved by a prefix on one source', async () => {
    project = await project2('prefix: Legacy\n');
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir, env: demo.env });
    const types = await gateway.query('{ __type(name: "LegacyProduct") { fields { name } } q: __type(name: "Query") { fields { name } } }');
    expect(types.body.data.__type.fields).toEqual([{ name: 'sku' }]);
    expect(types.body.data.q.fields.map((field: { name: string }) => field.name)).toContain('legacyCatalogueItem');
    const { body } = await gateway.query('{ product(id: "1") { name } }');
    expect(body).toEqual({ data: { product: { name: 'Sturdy Kettle' } } });
  });

  it('reports a root field two sources both define', async () => {
    project = await tempProject({
      'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'sources/a/s.graphql': 'type Query { hello: String }\n',
      'sources/b/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'sources/b/s.graphql': 'type Query { hello: String }\n',
    });
    const error = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'sources/b/source.yaml: root field Query.hello is also defined by source "a"; set "prefix" in one of the two source.yaml files',
    );
  });

  it('lets two sources share an identical type', async () => {
    const shared = 'type PageInfo { hasNextPage: Boolean! }\n';
    project = await tempProject({
      'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'sources/a/s.graphql': `${shared}type Query { aPage: PageInfo }\n`,
      'sources/b/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'sources/b/s.graphql': `${shared}type Query { bPage: PageInfo }\n`,
    });
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
    const { body } = await gateway.query('{ __type(name: "PageInfo") { name } }');
    expect(body).toEqual({ data: { __type: { name: 'PageInfo' } } });
  });
});
