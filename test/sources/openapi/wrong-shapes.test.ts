import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type ExecutionResult } from 'graphql';
import { createLogger } from '../../../src/logger.js';
import { loadSources } from '../../../src/sources/registry.js';
import { noUpstreamMetrics } from '../../../src/upstream/metrics.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { captureLog, type CapturedLog } from '../../helpers/log-capture.js';
import { startHttpServer, type TestServer } from '../../helpers/servers.js';

const Pet = {
  type: 'object',
  properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, age: { type: 'integer', format: 'int32' } },
};
const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'pets', version: '1' },
  paths: {
    '/pets': {
      get: { operationId: 'pets', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: Pet } } } } } },
    },
    '/owner': {
      get: {
        operationId: 'owner',
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['pets'], properties: { name: { type: 'string' }, pets: { type: 'array', items: Pet } } },
              },
            },
          },
        },
      },
    },
  },
});

let answers: Record<string, unknown>;
let rest: TestServer;
let project: TempProject;
let gateway: TestGateway;
let log: CapturedLog;

beforeAll(async () => {
  rest = await startHttpServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers[req.url ?? ''])));
  project = await tempProject({
    'sources/pets/source.yaml': `kind: openapi\nendpoint: ${rest.url}\nschema: openapi.json\n`,
    'sources/pets/openapi.json': OPENAPI,
  });
  log = captureLog('warn');
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, logger: log.logger });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([rest?.close(), project?.remove()]);
});

const wrongType = (path: (string | number)[], expected: string) =>
  expect.objectContaining({
    path,
    message: `Source "pets" answered a value of the wrong type here: expected ${expected}`,
    extensions: { code: 'UPSTREAM_ERROR', source: 'pets' },
  });

describe('an answer of the wrong shape is an UPSTREAM_ERROR on its path, never coerced', () => {
  it('an object where a list is declared', async () => {
    answers = { '/pets': { a: 1 } };
    const { body } = await gateway.query('{ pets { name } }');
    expect(body).toEqual({ data: { pets: null }, errors: [wrongType(['pets'], 'a list')] });
  });

  it('a string where [String] is declared, and a string where an Int is: only the selected fields fail', async () => {
    answers = {
      '/pets': [
        { name: 'rex', tags: 'good', age: 'old' },
        { name: 'tom', tags: ['cat'], age: 3 },
      ],
    };
    const { body } = await gateway.query('{ pets { name tags } }');
    expect(body).toEqual({
      data: {
        pets: [
          { name: 'rex', tags: null },
          { name: 'tom', tags: ['cat'] },
        ],
      },
      errors: [wrongType(['pets', 0, 'tags'], 'a list')],
    });
    const withAge = await gateway.query('{ pets { age } }');
    expect(withAge.body.errors).toEqual([wrongType(['pets', 0, 'age'], 'a valid Int')]);
  });

  it('a list where an object is declared, and null propagation through a required field', async () => {
    answers = { '/pets': [[{ name: 'rex' }]], '/owner': { name: 'ann', pets: 'rex' } };
    // List items are non-null in the document's mapping: the null moves up to the list.
    expect((await gateway.query('{ pets { name } }')).body).toEqual({ data: { pets: null }, errors: [wrongType(['pets', 0], 'an object (PetsResponseItem)')] });
    expect((await gateway.query('{ owner { name pets { name } } }')).body).toEqual({ data: { owner: null }, errors: [wrongType(['owner', 'pets'], 'a list')] });
  });

  it('a required property left out: UPSTREAM_ERROR on its path and null propagation, not an internal error', async () => {
    answers = { '/owner': { name: 'ann' } };
    expect((await gateway.query('{ owner { name pets { name } } }')).body).toEqual({
      data: { owner: null },
      errors: [wrongType(['owner', 'pets'], 'a value (it is required)')],
    });
    // Not selected, not reported.
    expect((await gateway.query('{ owner { name } }')).body).toEqual({ data: { owner: { name: 'ann' } } });
  });

  it('logs where the service broke its document, as JSON pointers under the request id', async () => {
    answers = { '/pets': [{ name: 'rex' }, { name: 'tom', tags: { first: 'cat' } }] };
    const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'shape-1' },
      body: JSON.stringify({ query: '{ pets { name } }' }),
    });
    // The broken part was not selected: the client gets its data; operators still hear of it.
    expect(await response.json()).toEqual({ data: { pets: [{ name: 'rex' }, { name: 'tom' }] } });
    expect(log.lines.find((line) => line['requestId'] === 'shape-1')).toMatchObject({ source: 'pets', field: 'pets', pointers: ['/1/tags'] });
  });
});

describe('the source schema executed by delegation (entities merged across sources)', () => {
  it('reports a value of the wrong shape as UPSTREAM_ERROR at its path, not as an uncoded error', async () => {
    const registry = await loadSources({
      sourcesDir: project.sourcesDir,
      cwd: project.dir,
      env: {},
      mode: 'serve',
      metrics: noUpstreamMetrics,
      logger: createLogger({ level: 'silent' }),
    });
    const source = registry.sources[0]!.loaded;
    try {
      answers = { '/pets': [{ name: 'rex', tags: 'good' }], '/owner': { name: 'ann', pets: null } };
      const pets = (await source.executor({ document: parse('{ pets { name tags } }'), context: {} })) as ExecutionResult;
      expect(pets.data).toEqual({ pets: [{ name: 'rex', tags: null }] });
      expect(pets.errors).toEqual([expect.objectContaining({ path: ['pets', 0, 'tags'], extensions: { code: 'UPSTREAM_ERROR', source: 'pets' } })]);
      const owner = (await source.executor({ document: parse('{ owner { name pets { name } } }'), context: {} })) as ExecutionResult;
      expect(owner.data).toEqual({ owner: null });
      expect(owner.errors).toEqual([expect.objectContaining({ path: ['owner', 'pets'], extensions: { code: 'UPSTREAM_ERROR', source: 'pets' } })]);
    } finally {
      await source.close();
    }
  });
});
