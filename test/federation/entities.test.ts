import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
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
  it('fetches a shared entity\'s fields from every subgraph, one _entities call per subgraph and level', async () => {
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
    expect(subgraphs.reviews.entityCalls).toEqual([[{ __typename: 'User', id: 'u1' }, { __typename: 'User', id: 'u2' }, { __typename: 'User', id: 'u3' }]]);
    // Nine reviews point at three products: each representation is sent once, the weight from products with it.
    expect(subgraphs.products.entityCalls).toEqual([[{ __typename: 'Product', upc: 'p1' }, { __typename: 'Product', upc: 'p2' }, { __typename: 'Product', upc: 'p3' }]]);
    expect(subgraphs.shipping.entityCalls).toEqual([
      [{ __typename: 'Product', upc: 'p1', weight: 10 }, { __typename: 'Product', upc: 'p2', weight: 3 }, { __typename: 'Product', upc: 'p3', weight: 1 }],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/_plexus/);
  });
});
