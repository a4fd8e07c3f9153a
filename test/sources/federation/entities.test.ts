import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { federationProject, startSubgraphs, type Subgraphs } from './subgraphs.js';

let subgraphs: Subgraphs;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  subgraphs = await startSubgraphs();
  project = await tempProject(federationProject(subgraphs));
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});
afterAll(async () => {
  await gateway?.close();
  await project?.remove();
  await subgraphs?.close();
});
beforeEach(() => subgraphs.reset());

const calls = () => ({
  accounts: subgraphs.accounts.requests,
  reviews: subgraphs.reviews.requests,
  products: subgraphs.products.requests,
  shipping: subgraphs.shipping.requests,
  inventory: subgraphs.inventory.requests,
});

describe('federation entities', () => {
  it("fetches a shared entity's fields from every subgraph, one _entities call per subgraph and level", async () => {
    const { body } = await gateway.query('{ users { name reviews { body product { name shippingEstimate } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.users).toHaveLength(3);
    expect(body.data.users[0]).toEqual({
      name: 'Ada',
      reviews: [
        { body: 'Review 1 by Ada', product: { name: 'Table', shippingEstimate: 20 } },
        { body: 'Review 2 by Ada', product: { name: 'Chair', shippingEstimate: 6 } },
        { body: 'Review 3 by Ada', product: { name: 'Lamp', shippingEstimate: 2 } },
      ],
    });
    expect(calls()).toEqual({ accounts: 1, reviews: 1, products: 1, shipping: 1, inventory: 0 });
    expect(subgraphs.reviews.entityCalls).toEqual([
      [
        { __typename: 'User', id: 'u1' },
        { __typename: 'User', id: 'u2' },
        { __typename: 'User', id: 'u3' },
      ],
    ]);
    // Nine reviews point at three products: each representation is sent once, the weight from products with it.
    expect(subgraphs.products.entityCalls).toEqual([
      [
        { __typename: 'Product', upc: 'p1' },
        { __typename: 'Product', upc: 'p2' },
        { __typename: 'Product', upc: 'p3' },
      ],
    ]);
    expect(subgraphs.shipping.entityCalls).toEqual([
      [
        { __typename: 'Product', upc: 'p1', weight: 10 },
        { __typename: 'Product', upc: 'p2', weight: 3 },
        { __typename: 'Product', upc: 'p3', weight: 1 },
      ],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/_plexus/);
    // The gateway's own counters agree with the subgraphs'.
    expect(await gateway.metric('plexus_link_batch_size_sum', { link: 'User@reviews' })).toBe(3);
    expect(await gateway.metric('plexus_link_batch_size_sum', { link: 'Product@shipping(requires weight)' })).toBe(3);
  });
});

describe('federation keys and errors', () => {
  it('resolves a compound key with both fields in each representation', async () => {
    const { body } = await gateway.query('{ topProducts(first: 2) { name variants { sku package color stock } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.topProducts).toEqual([
      {
        name: 'Table',
        variants: [
          { sku: 'T', package: 'box', color: 'oak', stock: 6 },
          { sku: 'T', package: 'crate', color: 'pine', stock: 1 },
        ],
      },
      { name: 'Chair', variants: [{ sku: 'C', package: 'box', color: 'red', stock: 6 }] },
    ]);
    expect(calls()).toEqual({ accounts: 0, reviews: 0, products: 1, shipping: 0, inventory: 1 });
    expect(subgraphs.inventory.entityCalls).toEqual([
      [
        { __typename: 'Variant', sku: 'T', package: 'box' },
        { __typename: 'Variant', sku: 'T', package: 'crate' },
        { __typename: 'Variant', sku: 'C', package: 'box' },
      ],
    ]);
  });

  it("puts the error of one representation on that parent's path only", async () => {
    subgraphs.failReviewsOf.id = 'u2';
    const { body } = await gateway.query('{ users { name reviews { body } } }');
    expect(body.data.users.map((user: { reviews: unknown[] | null }) => user.reviews?.length ?? null)).toEqual([3, null, 3]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(['users', 1, 'reviews']);
    expect(body.errors[0].message).toBe('reviews of u2 are unavailable');
    expect(body.errors[0].extensions).toMatchObject({ source: 'reviews' });
    expect(calls()).toMatchObject({ accounts: 1, reviews: 1 });
  });

  it("goes from a subgraph's own entity back to the owner of its fields", async () => {
    const { body } = await gateway.query('{ topReviews(first: 4) { body author { name } product { name } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.topReviews[3]).toEqual({ body: 'Review 1 by Brian', author: { name: 'Brian' }, product: { name: 'Chair' } });
    // Four reviews by two authors on three products: one call each, every representation once.
    expect(calls()).toEqual({ accounts: 1, reviews: 1, products: 1, shipping: 0, inventory: 0 });
    expect(subgraphs.accounts.entityCalls).toEqual([
      [
        { __typename: 'User', id: 'u1' },
        { __typename: 'User', id: 'u2' },
      ],
    ]);
  });

  it('reads a field from the source already fetched rather than another that could answer it', async () => {
    // username is @shareable in accounts and @external in reviews: reviews does not answer it.
    const { body } = await gateway.query('{ users { username } topReviews(first: 1) { author { username } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ users: [{ username: 'ada' }, { username: 'brian' }, { username: 'claude' }], topReviews: [{ author: { username: 'ada' } }] });
    expect(calls()).toEqual({ accounts: 2, reviews: 1, products: 0, shipping: 0, inventory: 0 });
  });
});

describe('the API schema of a subgraph', () => {
  it('hides @inaccessible fields and the federation machinery', async () => {
    const { body } = await gateway.query('{ users { secret } }');
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "secret" on type "User"/);
    const schema = await gateway.query('{ __schema { types { name } queryType { fields { name } } directives { name } } }');
    const typeNames = schema.body.data.__schema.types.map((type: { name: string }) => type.name);
    expect(typeNames).toEqual(expect.arrayContaining(['User', 'Review', 'Product', 'Variant']));
    expect(typeNames).not.toEqual(expect.arrayContaining(['_Any']));
    expect(typeNames.filter((name: string) => /^_[^_]|^link__|^federation__|FieldSet/.test(name))).toEqual([]);
    const fields = schema.body.data.__schema.queryType.fields.map((field: { name: string }) => field.name);
    expect(fields.sort()).toEqual(['topProducts', 'topReviews', 'user', 'users']);
    const directives = schema.body.data.__schema.directives.map((directive: { name: string }) => directive.name);
    expect(directives).not.toEqual(expect.arrayContaining(['key']));
    expect(directives.filter((name: string) => ['key', 'external', 'requires', 'shareable', 'inaccessible', 'link'].includes(name))).toEqual([]);
  });

  it('refuses an operation the planner cannot plan that reads an entity, rather than answer it wrongly', async () => {
    const { body } = await gateway.query('{ __schema { queryType { name } } users { name reviews { body } } }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/reads User, a federation entity/);
    expect(calls()).toEqual({ accounts: 0, reviews: 0, products: 0, shipping: 0, inventory: 0 });
  });
});
