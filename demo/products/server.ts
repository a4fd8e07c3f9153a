import { readFileSync } from 'node:fs';
import { createSchema, createYoga } from 'graphql-yoga';
import { products, productsById } from './data.js';
import { serveDemo, type DemoService } from '../serve.js';

// The demo serves the very schema the `products` source publishes, so the two never drift apart.
const typeDefs = readFileSync(new URL('../../sources/products/schema.graphql', import.meta.url), 'utf8');

/** The `products` demo service: a GraphQL API on /graphql. */
export function startProducts(port: number, host = '127.0.0.1'): Promise<DemoService> {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: {
          product: (_: unknown, { id }: { id: string }) => productsById.get(id) ?? null,
          productsByIds: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => productsById.get(id) ?? null),
          products: (_: unknown, { first }: { first: number }) => products.slice(0, Math.max(0, first)),
        },
      },
    }),
    logging: false,
    landingPage: false,
  });
  return serveDemo('products', (req, res) => void yoga(req, res), port, host);
}
