import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';

let project: TempProject;
let gateway: TestGateway;
let log: CapturedLog;

beforeAll(async () => {
  const sdl = 'type Query { hello: String }\n';
  // The service is never called: every request below is refused or answered by the gateway alone.
  project = await tempProject({
    'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
    'sources/a/schema.graphql': sdl,
  });
  log = captureLog();
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    logger: log.logger,
    config: { limits: { maxBatchSize: 5 } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await project?.remove();
});

async function post(body: string) {
  const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: await response.json() };
}

describe("request params of the wrong shape are the client's error", () => {
  it.each([
    ['a null entry in a batch', '[null]', [null]],
    ['a null entry next to a good one', '[{"query":"{ __typename }"}, null]', [{ query: '{ __typename }' }, null]],
    ['a number in a batch', '[1]', [1]],
  ])('%s: BAD_REQUEST for that entry, the others answered, nothing logged as a gateway bug', async (_case, body, entries) => {
    const answer = await post(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(entries.length);
    entries.forEach((entry, index) => {
      if (entry !== null && typeof entry === 'object') expect(answer.body[index]).toEqual({ data: { __typename: 'Query' } });
      else expect(answer.body[index].errors[0].extensions.code).toBe('BAD_REQUEST');
    });
    expect(JSON.stringify(answer.body)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(log.errors()).toEqual([]);
  });

  it('extensions that are not an object: 400 BAD_REQUEST, nothing logged as a gateway bug', async () => {
    const answer = await post('{"query":"{ __typename }","extensions":"x"}');
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(log.errors()).toEqual([]);
  });
});
