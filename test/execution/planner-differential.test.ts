import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { parse } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { DEMO_ARGUMENTS } from '../helpers/demo-arguments.js';
import { demoProject } from '../helpers/demo-project.js';
import { startExecutorPair, type Answer, type ExecutorPair } from '../helpers/differential.js';
import type { TempProject } from '../helpers/fixtures.js';
import { generateOperations, type GeneratedOperation } from '../helpers/operation-generator.js';
import { planOperationOf } from '../helpers/plans.js';

// Random operations over the demo, each answered by the query planner and by graphql-js's standard
// executor over the same composed schema: the status, the data and the errors (message, path,
// extensions) must be the same. The specification leaves the order of errors open, so errors are
// compared in path order. Locations are left out: stitching drops them from errors a source
// located, where the planner keeps the client's field locations as the specification asks. One operation in four goes to gateways whose orders (gRPC) or
// products (GraphQL) source is down, so partial answers are compared too.
// PLANNER_OPERATIONS_SEED and PLANNER_OPERATIONS_COUNT draw other operations, to hunt for more.
const SEED = process.env.PLANNER_OPERATIONS_SEED || 'plexus-planner-1';
const COUNT = Number(process.env.PLANNER_OPERATIONS_COUNT || 2500);

const CONFIG = { limits: { maxCost: 1_000_000, maxAliases: 1000, maxDirectives: 1000, maxTokens: 100_000 } };

const noResilience = 'retry: { enabled: false }\ncircuitBreaker: { enabled: false }\n';
const FAILING_ORDERS = `kind: grpc\nendpoint: \${ORDERS_URL}\nschema: orders.proto\ntimeout: 2s\ntypeNames: short\n${noResilience}`;
const FAILING_PRODUCTS = `kind: graphql\nendpoint: \${PRODUCTS_URL}\nschema: schema.graphql\ntimeout: 2s\n${noResilience}`;

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Body {
  data?: unknown;
  errors?: Array<{ path?: unknown[]; message: string; locations?: unknown }>;
}

/** The body with its errors in path order, so that two bodies compare regardless of the order errors were met in. */
function normalized(answer: Answer): Body {
  const body = JSON.parse(answer.body) as Body;
  if (body.errors)
    body.errors = body.errors
      .map(({ locations: _locations, ...error }) => error)
      .sort((a, b) => (JSON.stringify([a.path, a.message]) < JSON.stringify([b.path, b.message]) ? -1 : 1));
  return body;
}

/**
 * Whether two answers agree. When a non-null root field fails, `data` is null and the standard
 * executor reports that error with whatever others happened to come first, which depends on
 * timing; the planner reports the one that took the data, which must be among them.
 */
function agree(planned: Answer, standard: Answer): boolean {
  if (planned.status !== standard.status) return false;
  const [mine, theirs] = [normalized(planned), normalized(standard)];
  if (mine.data === null && theirs.data === null && mine.errors?.length === 1) {
    return (theirs.errors ?? []).some((error) => JSON.stringify(error) === JSON.stringify(mine.errors![0]));
  }
  return JSON.stringify(mine) === JSON.stringify(theirs);
}

describe('random operations: the planner and the standard executor answer alike', () => {
  let demo: DemoServices;
  const projects: TempProject[] = [];
  let pairs: { healthy: ExecutorPair; ordersDown: ExecutorPair; productsDown: ExecutorPair };

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    const [healthy, ordersDown, productsDown] = await Promise.all([
      demoProject(),
      demoProject({ files: { 'sources/orders/source.yaml': FAILING_ORDERS } }),
      demoProject({ files: { 'sources/products/source.yaml': FAILING_PRODUCTS } }),
    ]);
    projects.push(healthy, ordersDown, productsDown);
    const [deadOrders, deadProducts] = [await deadPort(), await deadPort()];
    pairs = {
      healthy: await startExecutorPair({ sourcesDir: healthy.sourcesDir, env: demo.env, config: CONFIG }),
      ordersDown: await startExecutorPair({
        sourcesDir: ordersDown.sourcesDir,
        env: { ...demo.env, ORDERS_URL: `grpc://127.0.0.1:${deadOrders}` },
        config: CONFIG,
      }),
      productsDown: await startExecutorPair({
        sourcesDir: productsDown.sourcesDir,
        env: { ...demo.env, PRODUCTS_URL: `http://127.0.0.1:${deadProducts}/graphql` },
        config: CONFIG,
      }),
    };
  });
  afterAll(async () => {
    await Promise.all(Object.values(pairs ?? {}).map((pair) => pair.close()));
    await Promise.all([demo?.close(), ...projects.map((project) => project.remove())]);
  });

  it(`gives the same answer for ${COUNT} operations (seed ${SEED})`, { timeout: 300_000 }, async () => {
    const schema = pairs.healthy.standard.gateway.schema();
    const operations = generateOperations(schema, { seed: SEED, count: COUNT, argumentValues: DEMO_ARGUMENTS });
    // Most operations must really go through the planner, not fall back to the standard executor.
    const planned = operations.filter(
      ({ document, variables }) => !('unplanned' in planOperationOf(pairs.healthy.planned.gateway.schema(), parse(document), variables)),
    ).length;
    expect(planned).toBeGreaterThan(COUNT * 0.9);
    const differences: unknown[] = [];
    const answered = { withData: 0, withErrors: 0, withUpstreamError: 0 };
    const limit = pLimit(8);
    await Promise.all(
      operations.map((operation: GeneratedOperation, index) =>
        limit(async () => {
          const pair = index % 8 === 3 ? pairs.ordersDown : index % 8 === 7 ? pairs.productsDown : pairs.healthy;
          const { planned, standard } = await pair.ask({ query: operation.document, variables: operation.variables });
          if (!agree(planned, standard))
            differences.push({ seed: SEED, index, pair: Object.entries(pairs).find(([, value]) => value === pair)![0], ...operation, planned, standard });
          if (standard.body.includes('"data":{')) answered.withData++;
          if (standard.body.includes('"errors":')) answered.withErrors++;
          if (standard.body.includes('"UPSTREAM_ERROR"')) answered.withUpstreamError++;
        }),
      ),
    );
    for (const difference of differences.slice(0, 5)) console.error(JSON.stringify(difference, null, 2));
    expect(differences.length).toBe(0);
    expect(answered.withData).toBeGreaterThan(COUNT / 2);
    expect(answered.withErrors).toBeGreaterThan(0);
    expect(answered.withUpstreamError).toBeGreaterThan(0);
  });
});
