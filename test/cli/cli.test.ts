import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { runCli, startCli } from '../helpers/cli.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';

let project: TempProject | undefined;
let upstream: TestServer | undefined;

afterEach(async () => {
  await project?.remove();
  await upstream?.close();
  project = upstream = undefined;
});

const SDL_B = 'type Zebra { stripes: Int! }\ntype Query { zebra: Zebra, apple(b: Int, a: Int): String }\n';
const SDL_A = 'type Query { alpha: String }\n';

function twoSources(endpoint = 'http://127.0.0.1:1/graphql') {
  return tempProject({
    'sources/b/source.yaml': `kind: graphql\nendpoint: ${endpoint}\nschema: schema.graphql\n`,
    'sources/b/schema.graphql': SDL_B,
    'sources/a/source.yaml': `kind: graphql\nendpoint: ${endpoint}\nschema: schema.graphql\n`,
    'sources/a/schema.graphql': SDL_A,
  });
}

describe('plexus --help', () => {
  it.each(['start', 'compose', 'check', 'plan'])('documents %s', async (command) => {
    const result = await runCli([command, '--help'], process.cwd());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: plexus ${command}`);
    expect(result.stdout).toContain('--sources <dir>');
  });
});

describe('plexus compose', () => {
  it('writes a sorted, stable gateway.graphql without contacting any source', async () => {
    let connections = 0;
    const listener: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
    const port = (listener.address() as { port: number }).port;
    project = await twoSources(`http://127.0.0.1:${port}/graphql`);
    try {
      const first = await runCli(['compose'], project.dir);
      expect(first).toMatchObject({ code: 0, stdout: 'wrote schemas/gateway.graphql\n' });
      const sdl = await readFile(join(project.schemasDir, 'gateway.graphql'), 'utf8');
      expect(sdl).toContain('type Query {\n  alpha: String\n  apple(a: Int, b: Int): String\n  zebra: Zebra\n}');
      expect(sdl.indexOf('type Query')).toBeLessThan(sdl.indexOf('type Zebra'));
      expect((await runCli(['compose'], project.dir)).stdout).toBe('unchanged schemas/gateway.graphql\n');
      expect(connections).toBe(0);
    } finally {
      listener.close();
    }
  });

  it('--check exits 0 when fresh and 1 when stale', async () => {
    project = await twoSources();
    expect((await runCli(['compose', '--check'], project.dir)).code).toBe(1);
    await runCli(['compose'], project.dir);
    expect(await runCli(['compose', '--check'], project.dir)).toMatchObject({ code: 0, stdout: 'schemas/gateway.graphql is up to date\n' });
    await project.write({ 'sources/a/schema.graphql': 'type Query { alpha: String, beta: Int }\n' });
    const stale = await runCli(['compose', '--check'], project.dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('schemas/gateway.graphql is stale');
    expect(await readFile(join(project.schemasDir, 'gateway.graphql'), 'utf8')).not.toContain('beta');
  });

  it('honours --sources and --schemas', async () => {
    project = await tempProject({
      'services/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: s.graphql\n',
      'services/a/s.graphql': SDL_A,
    });
    const result = await runCli(['compose', '--sources', 'services', '--schemas', 'out'], project.dir);
    expect(result).toMatchObject({ code: 0, stdout: 'wrote out/gateway.graphql\n' });
  });
});

describe('plexus check', () => {
  it('exits 0 and lists the sources when everything is valid', async () => {
    project = await twoSources();
    expect(await runCli(['check'], project.dir)).toMatchObject({ code: 0, stdout: 'ok: 2 sources: a (graphql), b (graphql)\n' });
  });

  it('exits 1 and lists every problem with file:line, without a stack trace', async () => {
    project = await tempProject({
      'sources/one/source.yaml': 'kind: grapql\nendpoint: http://127.0.0.1:1\n',
      'sources/two/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: missing.graphql\n',
    });
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('plexus check: 2 problems found');
    expect(result.stderr).toContain('sources/one/source.yaml:1: unknown kind "grapql"');
    expect(result.stderr).toContain('sources/two/source.yaml:3: schema file "missing.graphql" cannot be read (no such file)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('plexus start', () => {
  it('refuses to start on a bad source folder, naming it', async () => {
    project = await tempProject({ 'sources/bad/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: nope.graphql\n' });
    const result = await runCli(['start', '--port', '0'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sources/bad/source.yaml:3: schema file "nope.graphql" cannot be read (no such file)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a wrong key in --config, naming file and line', async () => {
    project = await twoSources();
    await project.write({ 'custom.yaml': 'port: 0\nintrospektion: false\n' });
    const result = await runCli(['start', '--config', 'custom.yaml'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('custom.yaml:2: unknown key "introspektion"');
  });

  it('drains in-flight requests on SIGTERM and exits 0', async () => {
    upstream = await startGraphQLServer({ typeDefs: SDL_A, resolvers: { Query: { alpha: () => 'finished' } }, delayMs: 700 });
    project = await tempProject({
      'sources/a/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
      'sources/a/schema.graphql': SDL_A,
    });
    const running = await startCli([], project.dir);
    const inFlight = fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ alpha }' }),
    }).then((response) => response.json());
    await new Promise((resolve) => setTimeout(resolve, 200));
    running.child.kill('SIGTERM');
    expect(await inFlight).toEqual({ data: { alpha: 'finished' } });
    expect(await running.exited).toBe(0);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});
