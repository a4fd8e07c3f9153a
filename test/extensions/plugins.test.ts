import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { symlink } from 'node:fs/promises';
import { demoProject } from '../helpers/demo-project.js';
import type { TempProject } from '../helpers/fixtures.js';
import { ROOT, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createLogger } from '../../src/logger.js';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { createGateway } from '../../src/server/gateway.js';

const PLUGIN_FILES = {
  'plugins/stamp.mjs': "export default { onResponse({ response }) { response.headers.set('x-stamp', '1') } }\n",
  // A factory (async) with options, written in TypeScript.
  'plugins/deny.ts': [
    "import { GraphQLError } from 'graphql';",
    'export default async (options: { header: string }) => ({',
    '  onExecute({ args }: { args: { contextValue: { request: Request } } }) {',
    "    if (args.contextValue.request.headers.get(options.header) === 'no') {",
    "      throw new GraphQLError('Not for you', { extensions: { code: 'FORBIDDEN' } });",
    '    }',
    '  },',
    '});',
    '',
  ].join('\n'),
  'plugins/gate.mjs': [
    'export default {',
    '  onRequest({ request, endResponse }) {',
    "    if (request.headers.get('x-gate') === 'closed') endResponse(new Response('closed', { status: 403 }));",
    '  },',
    '};',
    '',
  ].join('\n'),
  'plugins/broken.mjs': [
    'export default {',
    '  onExecute({ args }) {',
    "    if (args.contextValue.request.headers.get('x-break') === 'yes') throw new Error('secret internals');",
    '  },',
    '};',
    '',
  ].join('\n'),
};

let project: TempProject;
let gateway: TestGateway;
const logs: string[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  project = await demoProject({ sources: ['users'], links: false, files: PLUGIN_FILES });
  // The project's modules import the packages it installs: here, the repository's own.
  await symlink(join(ROOT, 'node_modules'), join(project.dir, 'node_modules'), 'dir');
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    logger: createLogger({ level: 'error' }, destination),
    config: {
      plugins: ['./plugins/stamp.mjs', { module: './plugins/deny.ts', options: { header: 'x-who' } }, './plugins/gate.mjs', './plugins/broken.mjs'],
    },
  });
});
afterAll(async () => {
  await gateway?.close();
  await project.remove();
});

describe('plugins of the project', () => {
  it('adds its header to every response', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-stamp')).toBe('1');
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    const health = await fetch(`http://127.0.0.1:${gateway.server.port}/healthz`);
    expect(health.headers.get('x-stamp')).toBe('1');
  });

  it('rejects a request with its own GraphQLError (a TypeScript factory with options)', async () => {
    const denied = await gateway.query('{ __typename }', undefined, { 'x-who': 'no' });
    expect(denied.body.errors).toEqual([expect.objectContaining({ message: 'Not for you', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(denied.body.data).toBeUndefined();
    const allowed = await gateway.query('{ __typename }', undefined, { 'x-who': 'yes' });
    expect(allowed.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('ends a request from onRequest with its own response', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gate': 'closed' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('closed');
  });

  it('masks what a plugin throws, logs it with the module, and keeps serving', async () => {
    const broken = await gateway.query('{ __typename }', undefined, { 'x-break': 'yes' });
    expect(broken.body.errors).toHaveLength(1);
    expect(broken.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(broken.body)).not.toContain('secret internals');
    const logged = logs.map((line) => JSON.parse(line)).find((line) => line.plugin === './plugins/broken.mjs');
    expect(logged).toMatchObject({ hook: 'onExecute', err: expect.objectContaining({ message: 'secret internals' }) });
    expect((await gateway.query('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('a plugin module that cannot be used', () => {
  async function startError(yaml: string, files: Record<string, string>): Promise<string> {
    const project = await demoProject({ sources: ['users'], links: false, files: { 'gateway.yaml': yaml, ...files } });
    try {
      const config = await loadGatewayConfig({ path: join(project.dir, 'gateway.yaml'), displayPath: 'gateway.yaml', required: true, env: {} });
      const started = await createGateway({
        config,
        sourcesDir: project.sourcesDir,
        schemasDir: project.schemasDir,
        cwd: project.dir,
        env: {},
        logger: createLogger({ level: 'silent' }),
      });
      await started.close();
      return 'started';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await project.remove();
    }
  }

  it('is a start-up error naming gateway.yaml:line and the module', async () => {
    const missing = await startError('port: 0\nplugins:\n  - ./plugins/stamp.mjs\n  - ./plugins/missing.mjs\n', {
      'plugins/stamp.mjs': PLUGIN_FILES['plugins/stamp.mjs'],
    });
    expect(missing).toMatch(/^gateway\.yaml:4: cannot load module "\.\/plugins\/missing\.mjs"/);
    const notPlugin = await startError('plugins:\n  - module: ./plugins/number.mjs\n', { 'plugins/number.mjs': 'export default 42\n' });
    expect(notPlugin).toMatch(/^gateway\.yaml:2: "\.\/plugins\/number\.mjs" exports as default a number: expected a plugin/);
    const syntax = await startError('plugins: [./plugins/bad.mjs]\n', { 'plugins/bad.mjs': 'export default {\n' });
    expect(syntax).toMatch(/^gateway\.yaml:1: cannot load module "\.\/plugins\/bad\.mjs"/);
  });
});
