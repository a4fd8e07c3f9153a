import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import { postQuery, waitFor } from '../helpers/operations.js';

const SDL = 'type Query { node: Node } type Node { name: String, child: Node }\n';
const DEEP = '{ node { child { child { name } } } }';

let project: TempProject | undefined;
let upstream: TestServer | undefined;
let running: RunningCli | undefined;

const gatewayYaml = (maxDepth: number, origin: string, grace = '10s') =>
  `shutdown:\n  grace: ${grace}\nlimits:\n  maxDepth: ${maxDepth}\ncors:\n  origins: ["${origin}"]\n`;

async function readyz(): Promise<{ configVersion: string; schema: { version: string } }> {
  return (await (await fetch(`${running!.url}/readyz`)).json()) as { configVersion: string; schema: { version: string } };
}

async function allowedOrigin(origin: string): Promise<string | null> {
  const response = await fetch(`${running!.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  return response.headers.get('access-control-allow-origin');
}

beforeAll(async () => {
  const child = { name: 'leaf', child: null };
  upstream = await startGraphQLServer({ typeDefs: SDL, resolvers: { Query: { node: () => ({ name: 'root', child: { name: 'mid', child } }) } } });
  project = await tempProject({
    'gateway.yaml': gatewayYaml(10, 'https://one.example'),
    'sources/a/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/a/schema.graphql': SDL,
  });
  running = await startCli([], project.dir);
});

afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  await upstream?.close();
  await project?.remove();
});

describe('plexus start: SIGHUP reloads gateway.yaml', () => {
  it('applies a new depth limit and CORS origin, shows a new configVersion, and keeps restart-only keys', async () => {
    const url = `${running!.url}/graphql`;
    const before = await readyz();
    expect(before.configVersion).toMatch(/^[0-9a-f]{12}$/);
    expect((await postQuery(url, DEEP)).body?.data).toEqual({ node: { child: { child: { name: 'leaf' } } } });
    expect(await allowedOrigin('https://one.example')).toBe('https://one.example');
    expect(await allowedOrigin('https://two.example')).toBeNull();
    const calls = upstream!.requests.length;

    // The drain time needs a restart: it is logged and the running value is kept.
    await project!.write({ 'gateway.yaml': gatewayYaml(2, 'https://two.example', '3s') });
    running!.child.kill('SIGHUP');
    const after = await waitFor(readyz, (body) => body.configVersion !== before.configVersion);
    expect(after.schema.version).toBe(before.schema.version);

    const refused = await postQuery(url, DEEP);
    expect((refused.body?.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(upstream!.requests.length).toBe(calls);
    expect(await allowedOrigin('https://two.example')).toBe('https://two.example');
    expect(await allowedOrigin('https://one.example')).toBeNull();
    expect(running!.output()).toContain('gateway.yaml: \\"shutdown.grace\\" changed but needs a restart');
    expect(running!.output()).toContain(`config version ${before.configVersion} -> ${after.configVersion}`);
  });

  it('keeps the configuration in use when gateway.yaml is broken, naming file and line', async () => {
    const url = `${running!.url}/graphql`;
    const before = await readyz();
    await project!.write({ 'gateway.yaml': 'port: 0\nlimits:\n  maxDepth: 3\n  maxDepht: 4\n' });
    const logged = running!.output().length;
    running!.child.kill('SIGHUP');
    await waitFor(
      () => running!.output().slice(logged),
      (text) => text.includes('schema reload failed; still serving'),
    );
    const log = running!.output().slice(logged);
    expect(log).toMatch(/gateway\.yaml:4/);
    expect((await readyz()).configVersion).toBe(before.configVersion);
    // maxDepth 2 still applies, not the 3 of the broken file.
    const refused = await postQuery(url, '{ node { child { name } } }');
    expect((refused.body?.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});
