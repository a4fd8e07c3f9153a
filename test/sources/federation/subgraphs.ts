import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createYoga } from 'graphql-yoga';

// Real Apollo Federation subgraphs (built by @apollo/subgraph, served by yoga on port 0), and a
// small REST service, for the federation tests. Every subgraph counts the requests it receives
// and records the representations each `_entities` call carried.

export const ACCOUNTS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@inaccessible"])
type Query { users: [User!]! user(id: ID!): User }
type User @key(fields: "id") {
  id: ID!
  name: String!
  username: String! @shareable
  secret: String @inaccessible
}
`;

// Federation v1: entities of other subgraphs are extended, their keys marked @external.
export const REVIEWS_SDL = `
type Query { topReviews(first: Int = 5): [Review!]! }
type Review @key(fields: "id") { id: ID! body: String! author: User product: Product }
extend type User @key(fields: "id") { id: ID! @external username: String @external reviews: [Review!] }
extend type Product @key(fields: "upc") { upc: String! @external reviews: [Review!]! }
`;

export const PRODUCTS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
type Query { topProducts(first: Int = 5): [Product!]! }
type Product @key(fields: "upc") { upc: String! name: String! weight: Int! variants: [Variant!]! }
type Variant @key(fields: "sku package") { sku: String! package: String! color: String! }
`;

export const SHIPPING_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@external", "@requires"])
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  shippingEstimate: Int @requires(fields: "weight")
}
`;

// A compound key: a variant is known by its sku and package together.
export const INVENTORY_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
type Variant @key(fields: "sku package") { sku: String! package: String! stock: Int! }
`;

export const users = [
  { id: 'u1', name: 'Ada', username: 'ada', secret: 's1' },
  { id: 'u2', name: 'Brian', username: 'brian', secret: 's2' },
  { id: 'u3', name: 'Claude', username: 'claude', secret: 's3' },
];
export const products = [
  {
    upc: 'p1',
    name: 'Table',
    weight: 10,
    variants: [
      { sku: 'T', package: 'box', color: 'oak' },
      { sku: 'T', package: 'crate', color: 'pine' },
    ],
  },
  { upc: 'p2', name: 'Chair', weight: 3, variants: [{ sku: 'C', package: 'box', color: 'red' }] },
  { upc: 'p3', name: 'Lamp', weight: 1, variants: [] },
];
// Three reviews per user, on products p1, p2, p3, p1, ...
export const reviews = users.flatMap((user, userIndex) =>
  [0, 1, 2].map((n) => ({
    id: `r${userIndex * 3 + n + 1}`,
    body: `Review ${n + 1} by ${user.name}`,
    authorId: user.id,
    upc: products[(userIndex + n) % 3]!.upc,
  })),
);

export interface Subgraph {
  url: string;
  /** HTTP requests received. */
  requests: number;
  /** The representations of each `_entities` call, in order. */
  entityCalls: Array<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** Serves a subgraph schema over HTTP on a free port, counting what reaches it. */
export async function serveSubgraph(sdl: string, resolvers: Record<string, unknown>): Promise<Subgraph> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  const yoga = createYoga({ schema, logging: false, maskedErrors: false, graphqlEndpoint: '/graphql' });
  const subgraph: Subgraph = { url: '', requests: 0, entityCalls: [], close: async () => {} };
  const server: Server = createServer((request, response) => {
    subgraph.requests++;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      try {
        const variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
        for (const value of Object.values(variables)) {
          if (Array.isArray(value) && value.every((item) => item && typeof item === 'object' && '__typename' in item)) subgraph.entityCalls.push(value);
        }
      } catch {
        // A request that is not JSON is the subgraph's to refuse.
      }
      void Promise.resolve(
        yoga.fetch(`http://localhost/graphql`, { method: request.method ?? 'POST', headers: request.headers as Record<string, string>, body }),
      ).then(async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  subgraph.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  subgraph.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return subgraph;
}

export interface Subgraphs {
  accounts: Subgraph;
  reviews: Subgraph;
  products: Subgraph;
  shipping: Subgraph;
  inventory: Subgraph;
  /** When set, `_entities` of reviews fails for this user id (as a located error). */
  failReviewsOf: { id?: string };
  reset(): void;
  close(): Promise<void>;
}

export async function startSubgraphs(): Promise<Subgraphs> {
  const failReviewsOf: { id?: string } = {};
  const [accounts, reviewsGraph, productsGraph, shipping, inventory] = await Promise.all([
    serveSubgraph(ACCOUNTS_SDL, {
      Query: { users: () => users, user: (_: unknown, { id }: { id: string }) => users.find((user) => user.id === id) ?? null },
      User: { __resolveReference: (reference: { id: string }) => users.find((user) => user.id === reference.id) ?? null },
    }),
    serveSubgraph(REVIEWS_SDL, {
      Query: { topReviews: (_: unknown, { first }: { first: number }) => reviews.slice(0, first) },
      Review: {
        __resolveReference: (reference: { id: string }) => reviews.find((review) => review.id === reference.id) ?? null,
        author: (review: { authorId: string }) => ({ __typename: 'User', id: review.authorId }),
        product: (review: { upc: string }) => ({ __typename: 'Product', upc: review.upc }),
      },
      User: {
        reviews: (user: { id: string }) => {
          if (failReviewsOf.id === user.id) throw new Error(`reviews of ${user.id} are unavailable`);
          return reviews.filter((review) => review.authorId === user.id);
        },
      },
      Product: { reviews: (product: { upc: string }) => reviews.filter((review) => review.upc === product.upc) },
    }),
    serveSubgraph(PRODUCTS_SDL, {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
      Product: { __resolveReference: (reference: { upc: string }) => products.find((product) => product.upc === reference.upc) ?? null },
      Variant: {
        __resolveReference: (reference: { sku: string; package: string }) =>
          products.flatMap((product) => product.variants).find((variant) => variant.sku === reference.sku && variant.package === reference.package) ?? null,
      },
    }),
    serveSubgraph(SHIPPING_SDL, {
      Product: {
        // The estimate is computed from the weight the gateway sends in the representation.
        shippingEstimate: (product: { weight?: number }) => (typeof product.weight === 'number' ? product.weight * 2 : null),
      },
    }),
    serveSubgraph(INVENTORY_SDL, {
      Variant: { stock: (variant: { sku: string; package: string }) => (variant.package === 'box' ? 5 : 0) + variant.sku.length },
    }),
  ]);
  const all = [accounts, reviewsGraph, productsGraph, shipping, inventory];
  return {
    accounts,
    reviews: reviewsGraph,
    products: productsGraph,
    shipping,
    inventory,
    failReviewsOf,
    reset() {
      delete failReviewsOf.id;
      for (const subgraph of all) {
        subgraph.requests = 0;
        subgraph.entityCalls = [];
      }
    },
    close: async () => {
      await Promise.all(all.map((subgraph) => subgraph.close()));
    },
  };
}

/** `sources/<name>/` for each subgraph, its SDL in the folder. */
export function federationProject(subgraphs: Subgraphs, extra: Record<string, string> = {}): Record<string, string> {
  const folder = (name: string, subgraph: Subgraph, sdl: string) => ({
    [`sources/${name}/source.yaml`]: `kind: federation\nendpoint: ${subgraph.url}\nschema: schema.graphql\n`,
    [`sources/${name}/schema.graphql`]: sdl,
  });
  return {
    ...folder('accounts', subgraphs.accounts, ACCOUNTS_SDL),
    ...folder('reviews', subgraphs.reviews, REVIEWS_SDL),
    ...folder('products', subgraphs.products, PRODUCTS_SDL),
    ...folder('shipping', subgraphs.shipping, SHIPPING_SDL),
    ...folder('inventory', subgraphs.inventory, INVENTORY_SDL),
    ...extra,
  };
}
