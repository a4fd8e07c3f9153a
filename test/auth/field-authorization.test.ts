import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SECRET, startRecordingUpstream, token, type RecordingUpstream } from '../helpers/security.js';

const SDL = /* GraphQL */ `
  interface Node {
    id: ID!
  }
  type Product implements Node {
    id: ID!
    name: String!
    price: Float!
    secret: String
    supplier: Supplier
  }
  type Supplier {
    id: ID!
    name: String!
  }
  type Stats {
    revenue: Float!
  }
  type Query {
    product(id: ID!): Product
    products: [Product!]!
    maybeProducts: [Product]
    node(id: ID!): Node
    stats: Stats
    hello: String
  }
  type Mutation {
    deleteProduct(id: ID!): Boolean
  }
`;

const POLICIES = /* GraphQL */ `
  extend type Product {
    secret: String @requiresScopes(scopes: [["admin"], ["support", "read"]])
    price: Float! @authenticated
  }
  extend type Supplier @requiresScopes(scopes: [["suppliers"]])
  extend type Query {
    stats: Stats @requiresScopes(scopes: [["admin"]])
  }
  extend type Mutation {
    deleteProduct(id: ID!): Boolean @requiresScopes(scopes: [["admin"]])
  }
`;

const product = (id: string) => ({ id, name: `Product ${id}`, price: 9.5, secret: `secret ${id}`, supplier: { id: 's1', name: 'Acme' } });

let upstream: RecordingUpstream;
let project: TempProject;
let gateway: TestGateway;
let deletions = 0;

beforeAll(async () => {
  upstream = await startRecordingUpstream(SDL, {
    Node: { __resolveType: () => 'Product' },
    Query: {
      product: (_: unknown, { id }: { id: string }) => product(id),
      products: () => [product('1'), product('2')],
      maybeProducts: () => [product('1'), product('2')],
      node: (_: unknown, { id }: { id: string }) => product(id),
      stats: () => ({ revenue: 1000 }),
      hello: () => 'hi',
    },
    Mutation: { deleteProduct: () => ++deletions > 0 },
  });
  project = await tempProject({
    'sources/shop/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/shop/schema.graphql': SDL,
    'schemas/policies.graphql': POLICIES,
  });
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    config: { auth: { jwtSecret: SECRET } },
  });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([upstream.close(), project.remove()]);
});

let calls = 0;
beforeEach(() => {
  calls = upstream.queries.length;
});
const sentUpstream = () => upstream.queries.slice(calls).join('\n');

async function asCaller(query: string, scope?: string | string[]) {
  if (scope === undefined) return gateway.query(query);
  const claims = Array.isArray(scope) ? { sub: 'u', scp: scope } : { sub: 'u', scope };
  return gateway.query(query, undefined, { authorization: `Bearer ${await token(claims, 'secret')}` });
}

describe('@requiresScopes and @authenticated on fields', () => {
  it('nulls a denied field with UNAUTHENTICATED for an anonymous caller, runs the rest, and never asks the source for it', async () => {
    const { status, body } = await asCaller('{ product(id: "1") { id name secret } hello }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { product: { id: '1', name: 'Product 1', secret: null }, hello: 'hi' },
      errors: [expect.objectContaining({ path: ['product', 'secret'], extensions: { code: 'UNAUTHENTICATED' } })],
    });
    expect(sentUpstream()).toContain('name');
    expect(sentUpstream()).not.toContain('secret');
  });

  it.each([
    ['admin', true],
    ['support read', true],
    ['read support extra', true],
    [['support', 'read'], true],
    ['support', false],
    ['read', false],
    ['', false],
  ])('with scopes %j the secret is readable: %s', async (scope, allowed) => {
    const { body } = await asCaller('{ product(id: "1") { secret } }', scope);
    if (allowed) {
      expect(body).toEqual({ data: { product: { secret: 'secret 1' } } });
    } else {
      expect(body).toEqual({
        data: { product: { secret: null } },
        errors: [
          expect.objectContaining({
            message: 'Reading Product.secret needs a scope the token does not have',
            path: ['product', 'secret'],
            extensions: { code: 'FORBIDDEN' },
          }),
        ],
      });
      expect(sentUpstream()).not.toContain('secret');
    }
  });

  it('puts one error on every concrete path, list items and aliases included', async () => {
    const { body } = await asCaller('{ maybeProducts { id secret } a: product(id: "7") { s: secret } }', 'support');
    expect(body.data).toEqual({
      maybeProducts: [
        { id: '1', secret: null },
        { id: '2', secret: null },
      ],
      a: { s: null },
    });
    expect(body.errors.map((error: { path: unknown[] }) => error.path)).toEqual([
      ['maybeProducts', 0, 'secret'],
      ['maybeProducts', 1, 'secret'],
      ['a', 's'],
    ]);
  });

  it('nulls the nearest nullable parent when the denied field is non-null', async () => {
    const { body } = await asCaller('{ product(id: "1") { id price } hello }');
    expect(body).toEqual({
      data: { product: null, hello: 'hi' },
      errors: [expect.objectContaining({ path: ['product', 'price'], extensions: { code: 'UNAUTHENTICATED' } })],
    });
    expect(sentUpstream()).not.toContain('price');
  });

  it('carries the null up to data when every parent is non-null', async () => {
    const { body } = await asCaller('{ products { id price } }');
    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({ path: ['products', 0, 'price'], extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('lets a verified caller read an @authenticated field', async () => {
    expect((await asCaller('{ product(id: "1") { price } }', '')).body).toEqual({ data: { product: { price: 9.5 } } });
  });

  it('applies to fields in fragments, and to fields selected through an interface', async () => {
    const { body } = await asCaller('{ node(id: "3") { id ... on Product { secret name } } product(id: "4") { ...P } } fragment P on Product { id secret }');
    expect(body.data).toEqual({ node: { id: '3', secret: null, name: 'Product 3' }, product: { id: '4', secret: null } });
    expect(body.errors.map((error: { path: unknown[] }) => error.path)).toEqual([
      ['node', 'secret'],
      ['product', 'secret'],
    ]);
    expect(sentUpstream()).not.toContain('secret');
  });

  it('raises no error for a denied field that @skip leaves out', async () => {
    expect((await asCaller('{ product(id: "1") { id secret @skip(if: true) } }')).body).toEqual({ data: { product: { id: '1' } } });
  });
});

describe('policies on types and root fields', () => {
  it('denies every field returning a type with a policy', async () => {
    const { body } = await asCaller('{ product(id: "1") { name supplier { name } } }', 'admin');
    expect(body).toEqual({
      data: { product: { name: 'Product 1', supplier: null } },
      errors: [expect.objectContaining({ path: ['product', 'supplier'], extensions: { code: 'FORBIDDEN' } })],
    });
    expect(sentUpstream()).not.toContain('supplier');
    expect((await asCaller('{ product(id: "1") { supplier { name } } }', 'suppliers')).body).toEqual({ data: { product: { supplier: { name: 'Acme' } } } });
  });

  it('makes no upstream call when every root field is denied', async () => {
    const { body } = await asCaller('{ stats { revenue } }');
    expect(body).toEqual({ data: { stats: null }, errors: [expect.objectContaining({ path: ['stats'], extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(upstream.queries.length).toBe(calls);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'shop' })).toBeGreaterThan(0);
  });

  it('never runs a denied mutation', async () => {
    const before = deletions;
    const { body } = await asCaller('mutation { deleteProduct(id: "1") }', 'support');
    expect(body).toEqual({ data: { deleteProduct: null }, errors: [expect.objectContaining({ path: ['deleteProduct'], extensions: { code: 'FORBIDDEN' } })] });
    expect(deletions).toBe(before);
    expect((await asCaller('mutation { deleteProduct(id: "1") }', 'admin')).body).toEqual({ data: { deleteProduct: true } });
    expect(deletions).toBe(before + 1);
  });
});
