import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';

const SDL = 'type Query { alpha: String }\n';
const K = 14;

let project: TempProject | undefined;
let upstream: TestServer | undefined;
let running: RunningCli | undefined;

/** One HTTP exchange on a connection of its own, so that node:cluster hands each to the next worker. */
function freshRequest(url: string, init: { method: string; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: init.method, agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    sent.on('error', reject);
    sent.end(init.body);
  });
}

/** The sum of every series of `name` whose labels include `labels`. */
function sumOf(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

beforeAll(async () => {
  upstream = await startGraphQLServer({ typeDefs: SDL, resolvers: { Query: { alpha: () => 'a' } } });
  project = await tempProject({
    'sources/a/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/a/schema.graphql': SDL,
  });
  running = await startCli(['--workers', '2'], project.dir);
});

afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  await upstream?.close();
  await project?.remove();
});

describe('/metrics under plexus start --workers 2', () => {
  it('reports the sum over both workers whichever worker answers', async () => {
    for (let index = 0; index < K; index++) {
      const answer = await freshRequest(`${running!.url}/graphql`, { method: 'POST', body: JSON.stringify({ query: '{ alpha }' }) });
      expect(answer.status).toBe(200);
    }
    expect(upstream!.requests).toHaveLength(K);

    for (let read = 0; read < 6; read++) {
      const metrics = await freshRequest(`${running!.url}/metrics`, { method: 'GET' });
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('# plexus: metrics summed over 2 of 2 workers');
      expect(metrics.text).not.toContain('PARTIAL');
      expect(sumOf(metrics.text, 'plexus_graphql_requests_total')).toBe(K);
      expect(sumOf(metrics.text, 'plexus_upstream_requests_total', 'source="a"')).toBe(upstream!.requests.length);
      // Histograms are summed bucket by bucket too.
      expect(sumOf(metrics.text, 'plexus_graphql_request_duration_seconds_count')).toBe(K);
    }
  });
});
