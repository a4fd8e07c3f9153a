import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import { failedOutcomes, postQuery, waitFor } from '../helpers/operations.js';

let project: TempProject | undefined;
let upstream: TestServer | undefined;
let running: RunningCli | undefined;

afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  await upstream?.close();
  await project?.remove();
  project = upstream = running = undefined;
});

const SDL = 'type Query { alpha: String }\n';

async function startWorkers(delayMs: number): Promise<{ running: RunningCli; url: string }> {
  upstream = await startGraphQLServer({ typeDefs: SDL, resolvers: { Query: { alpha: () => 'finished' } }, delayMs });
  project = await tempProject({
    'sources/a/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/a/schema.graphql': SDL,
  });
  running = await startCli(['--workers', '2'], project.dir);
  return { running, url: `${running.url}/graphql` };
}

/** Process ids of the workers the primary reported ready, in order. */
function readyWorkers(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"worker ready"'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
}

describe('plexus start --workers 2', () => {
  it('drains the requests in flight in every worker on SIGTERM and exits 0', async () => {
    const { running, url } = await startWorkers(700);
    expect(readyWorkers(running.output())).toHaveLength(2);
    const inFlight = Array.from({ length: 8 }, () => postQuery(url, '{ alpha }'));
    // Every request has reached the service, so each is in flight in a worker.
    await waitFor(
      () => upstream!.requests.length,
      (count) => count >= 8,
    );
    running.child.kill('SIGTERM');

    const outcomes = await Promise.all(inFlight);
    expect(failedOutcomes(outcomes)).toEqual([]);
    expect(outcomes.map((outcome) => outcome.body?.data)).toEqual(Array(8).fill({ alpha: 'finished' }));
    expect(await running.exited).toBe(0);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('replaces a worker killed with SIGKILL', async () => {
    const { running, url } = await startWorkers(0);
    const [victim, survivor] = readyWorkers(running.output());
    process.kill(victim!, 'SIGKILL');

    const replaced = await waitFor(
      () => readyWorkers(running.output()),
      (pids) => pids.length === 3,
    );
    expect(replaced[2]).not.toBe(victim);
    expect(replaced[2]).not.toBe(survivor);
    expect(running.output()).toContain('worker exited unexpectedly; starting a replacement');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => postQuery(url, '{ alpha }')));
    expect(failedOutcomes(outcomes)).toEqual([]);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});
