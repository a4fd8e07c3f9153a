import { readFileSync } from 'node:fs';
import { createSchema, createYoga } from 'graphql-yoga';
import { serveDemo, type DemoService } from '../serve.js';

// The demo serves the very schema the `inventory` source publishes, so the two never drift apart.
const typeDefs = readFileSync(new URL('../../sources/inventory/schema.graphql', import.meta.url), 'utf8');
const WAREHOUSES = ['Rotterdam', 'Lyon', 'Gdansk'];

// Products 1..30 exist; every fifth one is out of the catalogue of this warehouse system.
function stockOf(productId: string) {
  const n = Number(productId);
  if (!Number.isInteger(n) || n < 1 || n > 30 || n % 5 === 0) return null;
  return { productId, available: (n * 7) % 23, warehouse: WAREHOUSES[n % WAREHOUSES.length]! };
}

/** The `inventory` demo service: a second GraphQL API, to show two services stitched. */
export function startInventory(port: number, host = '127.0.0.1'): Promise<DemoService> {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: {
          stock: (_: unknown, { productId }: { productId: string }) => stockOf(productId),
          stocks: (_: unknown, { productIds }: { productIds: string[] }) => productIds.map(stockOf),
        },
      },
    }),
    logging: false,
    landingPage: false,
  });
  return serveDemo('inventory', (req, res) => void yoga(req, res), port, host);
}
