import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../../helpers/servers.js';

const SDL = 'type Query { item: String }\ntype Mutation { createItem: String }\n';

let upstream: TestServer | undefined;
let project: TempProject | undefined;
let gateway: TestGateway | undefined;
/** The operation type of every request the service received. */
let received: string[] = [];

afterEach(async () => {
  await gateway?.close();
  await upstream?.close();
  await project?.remove();
  gateway = upstream = project = undefined;
  received = [];
});

async function start(answer: { status: number; body: string }) {
  upstream = await startHttpServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += String(chunk)));
    req.on('end', () => {
      const query = String(JSON.parse(text).query);
      received.push(query.trimStart().startsWith('mutation') ? 'mutation' : 'query');
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  project = await tempProject({
    'sources/svc/source.yaml': `kind: graphql\nendpoint: ${upstream.url}/graphql\nschema: schema.graphql\nretry: { attempts: 2, backoff: 1ms }\n`,
    'sources/svc/schema.graphql': SDL,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
  return gateway;
}

describe('GraphQL sources', () => {
  it('retry a query that failed with 503', async () => {
    const gw = await start({ status: 503, body: 'unavailable' });
    const { body } = await gw.query('{ item }');
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'svc', status: 503 });
    expect(received).toEqual(['query', 'query', 'query']);
    expect(await gw.metric('plexus_upstream_retries_total', { source: 'svc' })).toBe(2);
  });

  it('never retry a mutation', async () => {
    const gw = await start({ status: 503, body: 'unavailable' });
    const { body } = await gw.query('mutation { createItem }');
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'svc', status: 503 });
    expect(received).toEqual(['mutation']);
    expect(await gw.metric('plexus_upstream_retries_total', { source: 'svc' })).toBe(0);
  });

  it('do not retry errors the service reports in a GraphQL answer', async () => {
    const gw = await start({ status: 200, body: JSON.stringify({ data: { item: null }, errors: [{ message: 'no item', path: ['item'] }] }) });
    const { body } = await gw.query('{ item }');
    expect(body.errors[0].message).toBe('no item');
    expect(received).toEqual(['query']);
  });
});
