import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ResponseStore } from '../../src/cache/response-store.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import type { TestRedis } from '../helpers/redis.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/security.js';

/** The catalogue service behind the cache tests: reads, one mutation, a PRIVATE field, a failing field. */
export const CATALOGUE_SDL = /* GraphQL */ `
  type Query {
    products: [Product!]!
    product(id: ID!): Product
    deals: [Deal!]!
    news: [Article!]!
    me: Profile
    broken: String
  }
  type Mutation {
    renameProduct(id: ID!, name: String!): Product
  }
  type Product {
    id: ID!
    name: String!
    price: Float!
  }
  type Deal {
    id: ID!
    title: String!
  }
  type Article {
    id: ID!
    title: String!
  }
  type Profile {
    id: ID!
    name: String!
  }
`;

export interface Catalogue extends RecordingUpstream {
  /** How many operations reached the service. */
  calls(): number;
}

export async function startCatalogue(): Promise<Catalogue> {
  const products = new Map([
    ['1', { id: '1', name: 'Lamp', price: 20 }],
    ['2', { id: '2', name: 'Desk', price: 200 }],
  ]);
  let failures = 0;
  const upstream = await startRecordingUpstream(CATALOGUE_SDL, {
    Query: {
      products: () => [...products.values()],
      product: (_parent: unknown, { id }: { id: string }) => products.get(id) ?? null,
      deals: () => [{ id: 'd1', title: 'Two for one' }],
      news: () => [{ id: 'n1', title: 'New lamps' }],
      // The gateway sends the verified subject as x-user (source.yaml headers.claims).
      me: (_parent: unknown, _args: unknown, context: { request: Request }) => {
        const user = context.request.headers.get('x-user');
        return user ? { id: user, name: `User ${user}` } : null;
      },
      broken: () => {
        failures++;
        throw new Error(`failure ${failures}`);
      },
    },
    Mutation: {
      renameProduct: (_parent: unknown, { id, name }: { id: string; name: string }) => {
        const product = products.get(id);
        if (product) product.name = name;
        return product ?? null;
      },
    },
  });
  return Object.assign(upstream, { calls: () => upstream.queries.length });
}

/** A project whose one source is the catalogue, with extra files (schemas/, gateway.yaml, …). */
export function catalogueProject(catalogue: Catalogue, files: Record<string, string> = {}): Promise<TempProject> {
  return tempProject({
    'sources/catalogue/source.yaml': `kind: graphql\nendpoint: ${catalogue.url}\nschema: schema.graphql\nheaders:\n  claims:\n    x-user: sub\n`,
    'sources/catalogue/schema.graphql': CATALOGUE_SDL,
    ...files,
  });
}

/** POST a query to a gateway URL; returns status, headers and parsed body. */
export async function post(url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables && { variables }) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/**
 * The catalogue service and its project for a test file: started before its tests, stopped after
 * them (vitest runs after-hooks in reverse, so after the hooks of whoever calls this).
 */
function catalogueForFile() {
  const state: { catalogue?: Catalogue; project?: TempProject } = {};
  beforeAll(async () => {
    state.catalogue = await startCatalogue();
    state.project = await catalogueProject(state.catalogue);
  });
  afterAll(async () => {
    await Promise.all([state.catalogue?.close(), state.project?.remove()]);
  });
  return state;
}

/**
 * For a test file: the catalogue service and its project, started once, and gateways over them
 * with the response cache on (closed after the file). A gateway given a `store` uses it instead of
 * a memory store of its own.
 */
export function catalogueGateways() {
  const state = catalogueForFile();
  const started: TestGateway[] = [];
  afterAll(async () => {
    await Promise.all(started.map((gateway) => gateway.close()));
  });
  return {
    calls: () => state.catalogue!.calls(),
    async gatewayWith(config: Record<string, unknown> = {}, store?: ResponseStore): Promise<TestGateway> {
      const gateway = await startTestGateway({
        sourcesDir: state.project!.sourcesDir,
        cwd: state.project!.dir,
        ...(store && { responseCacheStore: store }),
        config: { cache: { ttl: '60s' }, ...config },
      });
      started.push(gateway);
      return gateway;
    },
  };
}

interface Closable {
  close(): Promise<unknown>;
}

/**
 * For a test file against Redis: the catalogue service and its project, started once; `track`
 * what a test starts (gateways, proxies, processes) and it is closed after that test. Keys made
 * under `redis.prefix()` are deleted after the file.
 */
export function catalogueWithRedis(redis: TestRedis) {
  const state = catalogueForFile();
  let started: Closable[] = [];
  afterEach(async () => {
    await Promise.all(started.map((thing) => thing.close()));
    started = [];
  });
  afterAll(() => redis.cleanUp());
  return {
    get catalogue(): Catalogue {
      return state.catalogue!;
    },
    get project(): TempProject {
      return state.project!;
    },
    track<T extends Closable>(thing: T, ...more: Closable[]): T {
      started.push(thing, ...more);
      return thing;
    },
  };
}
