import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { parse } from 'graphql';
import { compileHazard } from '../../src/execution/compile-hazards.js';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { DEMO_ARGUMENTS } from '../helpers/demo-arguments.js';
import { demoProject } from '../helpers/demo-project.js';
import { startExecutorPair, type Answer, type ExecutorPair } from '../helpers/differential.js';
import type { TempProject } from '../helpers/fixtures.js';
import { generateOperations, type GeneratedOperation } from '../helpers/operation-generator.js';

// Random operations over the demo, each answered by compiled and by standard execution: status and
// body must be the same bytes. One operation in five goes to a second pair of gateways whose
// orders source points at a port nobody listens on, so partial answers with UPSTREAM_ERROR at
// exact paths are compared too. A difference prints what reproduces it.
// RANDOM_OPERATIONS_SEED and RANDOM_OPERATIONS_COUNT draw other operations, to hunt for more.
const SEED = process.env.RANDOM_OPERATIONS_SEED || 'plexus-differential-1';
const COUNT = Number(process.env.RANDOM_OPERATIONS_COUNT || 1500);
const FAILING_SHARE = 5;

// The limits are raised so that every drawn operation is executed, not refused as too complex.
const CONFIG = { limits: { maxCost: 1_000_000, maxAliases: 1000, maxDirectives: 1000, maxTokens: 100_000 } };

// Without retries and the circuit breaker, every call to the dead orders service fails the same
// way, whatever came before it: both gateways of the pair see the same failures.
const FAILING_ORDERS_SOURCE = `kind: grpc
endpoint: \${ORDERS_URL}
schema: orders.proto
timeout: 2s
typeNames: short
retry: { enabled: false }
circuitBreaker: { enabled: false }
`;

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Difference {
  seed: string;
  index: number;
  failingOrders: boolean;
  document: string;
  variables: Record<string, unknown>;
  compiled: Answer;
  standard: Answer;
}

describe('random operations: compiled and standard execution answer alike', () => {
  let demo: DemoServices;
  let healthyProject: TempProject;
  let failingProject: TempProject;
  let healthy: ExecutorPair;
  let failing: ExecutorPair;

  beforeAll(async () => {
    [demo, healthyProject, failingProject] = await Promise.all([
      startDemoServices(ANY_PORTS),
      demoProject(),
      demoProject({ files: { 'sources/orders/source.yaml': FAILING_ORDERS_SOURCE } }),
    ]);
    const dead = await deadPort();
    [healthy, failing] = await Promise.all([
      startExecutorPair({ sourcesDir: healthyProject.sourcesDir, env: demo.env, config: CONFIG }),
      startExecutorPair({ sourcesDir: failingProject.sourcesDir, env: { ...demo.env, ORDERS_URL: `grpc://127.0.0.1:${dead}` }, config: CONFIG }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([healthy?.close(), failing?.close()]);
    await Promise.all([demo?.close(), healthyProject?.remove(), failingProject?.remove()]);
  });

  it(`gives the same status and body for ${COUNT} operations (seed ${SEED})`, { timeout: 240_000 }, async () => {
    const schema = healthy.standard.gateway.schema();
    const operations = generateOperations(schema, { seed: SEED, count: COUNT, argumentValues: DEMO_ARGUMENTS });
    // Operations of a known hazard run on the standard executor in both gateways: enough others must be compiled.
    const compiledCount = operations.filter(({ document }) => compileHazard(schema, parse(document)) === undefined).length;
    expect(compiledCount).toBeGreaterThan(COUNT / 5);
    const differences: Difference[] = [];
    const answered = { withData: 0, withErrors: 0, withUpstreamError: 0 };
    const limit = pLimit(4);
    await Promise.all(
      operations.map((operation: GeneratedOperation, index) =>
        limit(async () => {
          const failingOrders = index % FAILING_SHARE === FAILING_SHARE - 1;
          const { compiled, standard } = await (failingOrders ? failing : healthy).ask({ query: operation.document, variables: operation.variables });
          if (compiled.status !== standard.status || compiled.body !== standard.body) {
            differences.push({ seed: SEED, index, failingOrders, ...operation, compiled, standard });
          }
          if (standard.body.includes('"data":{')) answered.withData++;
          if (standard.body.includes('"errors":')) answered.withErrors++;
          if (standard.body.includes('"UPSTREAM_ERROR"')) answered.withUpstreamError++;
        }),
      ),
    );
    for (const difference of differences) console.error(JSON.stringify(difference, null, 2));
    expect(differences.map(({ index }) => index)).toEqual([]);
    // The answers exercised what they should: data, errors, and failures of the dead orders service.
    expect(answered.withData).toBeGreaterThan(COUNT / 2);
    expect(answered.withErrors).toBeGreaterThan(0);
    expect(answered.withUpstreamError).toBeGreaterThan(0);
  });
});
