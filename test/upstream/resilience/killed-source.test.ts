import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startGraphQLServer, type TestServer } from '../../helpers/servers.js';
import { eventually } from './support.js';

const FLAKY_SDL = 'type Query { flaky: String }\n';
const startFlaky = (port = 0) => startGraphQLServer({ typeDefs: FLAKY_SDL, resolvers: { Query: { flaky: () => 'here' } }, port });

let steady: TestServer;
let flaky: TestServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  steady = await startGraphQLServer({ typeDefs: 'type Query { steady: String }\n', resolvers: { Query: { steady: () => 'always' } } });
  flaky = await startFlaky();
  project = await tempProject({
    'sources/steady/source.yaml': `kind: graphql\nendpoint: ${steady.url}\nschema: schema.graphql\n`,
    'sources/steady/schema.graphql': 'type Query { steady: String }\n',
    'sources/flaky/source.yaml': [
      'kind: graphql',
      `endpoint: ${flaky.url}`,
      'schema: schema.graphql',
      'timeout: 2s',
      'retry: { attempts: 1, backoff: 1ms }',
      'circuitBreaker: { failureRatio: 0.5, minimumRequests: 5, window: 10s, openFor: 3s }',
      '',
    ].join('\n'),
    'sources/flaky/schema.graphql': FLAKY_SDL,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
});
afterAll(async () => {
  await gateway?.close();
  await steady?.close();
  await flaky?.close();
  await project?.remove();
});

interface Answer {
  data: { steady: string | null; flaky: string | null };
  errors?: { path: string[]; extensions: Record<string, unknown> }[];
}

/** Clients asking for both sources in a loop until stopped (bounded in count). */
function startLoad(clients = 6, limit = 2000) {
  const answers: Answer[] = [];
  let stopped = false;
  const worker = async () => {
    while (!stopped && answers.length < limit) answers.push((await gateway.query<Answer>('{ steady flaky }')).body);
  };
  const running = Promise.all(Array.from({ length: clients }, worker));
  return {
    answers,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

const circuitMetric = () => gateway.metric('plexus_circuit_breaker_state', { source: 'flaky' });
const readiness = async () => {
  const response = await fetch(`${gateway.server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { sources: { source: string; ready: boolean; circuit?: string }[] } };
};
const flakyReadiness = async () => (await readiness()).body.sources.find((source) => source.source === 'flaky');

describe('a source killed under load', () => {
  it('gives partial data, opens its breaker, fails fast, and recovers when the source returns', async () => {
    const load = startLoad();
    await eventually(
      () => load.answers.filter((answer) => answer.data.flaky === 'here').length,
      (count) => count >= 20,
    );
    expect(await circuitMetric()).toBe(0);

    const port = flaky.port;
    const killedAt = load.answers.length;
    await flaky.close();
    await eventually(circuitMetric, (state) => state === 2);
    const failsFast = (answer: Answer) => answer.errors?.[0]?.extensions['circuit'] === 'open';
    await eventually(() => load.answers.some(failsFast), Boolean);
    await load.stop();

    // Every answer kept the other source's data; the killed source's field is null with an error on its path.
    expect(load.answers.every((answer) => answer.data.steady === 'always')).toBe(true);
    const afterKill = load.answers.slice(killedAt);
    const failed = afterKill.filter((answer) => answer.data.flaky === null);
    expect(failed.length).toBeGreaterThan(0);
    for (const answer of failed) {
      expect(answer.errors).toEqual([
        expect.objectContaining({ path: ['flaky'], extensions: expect.objectContaining({ code: 'UPSTREAM_ERROR', source: 'flaky' }) }),
      ]);
    }
    expect(afterKill.some(failsFast)).toBe(true);

    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'flaky', ready: false, circuit: 'open' }),
        expect.objectContaining({ source: 'steady', ready: true, circuit: 'closed' }),
      ]),
    );

    // The source is back, but the breaker is still open: calls fail fast without reaching it.
    flaky = await startFlaky(port);
    const { body: fast } = await gateway.query<Answer>('{ steady flaky }');
    expect(fast.data).toEqual({ steady: 'always', flaky: null });
    expect(fast.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', source: 'flaky', circuit: 'open' });
    expect(flaky.requests).toHaveLength(0);

    // After openFor the breaker lets a trial through; readiness (which the breaker never blocks) sees it half-open.
    const halfOpen = await eventually(flakyReadiness, (source) => source?.circuit !== 'open');
    expect(halfOpen).toEqual({ source: 'flaky', ready: true, circuit: 'half-open' });
    expect(await circuitMetric()).toBe(1);

    const { body: recovered } = await gateway.query<Answer>('{ steady flaky }');
    expect(recovered).toEqual({ data: { steady: 'always', flaky: 'here' } });
    expect(await circuitMetric()).toBe(0);
    const up = await readiness();
    expect(up.status).toBe(200);
    expect(up.body.sources).toContainEqual({ source: 'flaky', ready: true, circuit: 'closed' });
  });
});
