import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import { postQuery, waitFor } from '../helpers/operations.js';

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

describe('plexus start: SIGHUP', () => {
  it('reloads the schema from the files, logs the diff, and serves the new field', async () => {
    upstream = await startGraphQLServer({ typeDefs: 'type Query { alpha: String, beta: Int }', resolvers: { Query: { alpha: () => 'a', beta: () => 2 } } });
    project = await tempProject({
      'sources/a/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
      'sources/a/schema.graphql': 'type Query { alpha: String }\n',
    });
    running = await startCli([], project.dir);
    const url = `${running.url}/graphql`;
    expect((await postQuery(url, '{ alpha }')).body?.data).toEqual({ alpha: 'a' });

    await project.write({ 'sources/a/schema.graphql': 'type Query { alpha: String, beta: Int }\n' });
    running.child.kill('SIGHUP');
    const answer = await waitFor(
      () => postQuery(url, '{ beta }'),
      (outcome) => outcome.body?.data?.['beta'] === 2,
    );
    expect(answer.body?.errors).toBeUndefined();
    expect(running.output()).toContain(`schema change SAFE: Field 'beta' was added to object type 'Query'`);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});

describe('plexus compose --check', () => {
  it('prints the classified changes against the committed gateway.graphql and exits 1', async () => {
    project = await tempProject({
      'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
      'sources/a/schema.graphql': 'type Query { alpha: String, beta(x: Int): Int }\nenum Colour { RED }\ntype Mutation { paint(colour: Colour): Colour }\n',
    });
    expect((await runCli(['compose'], project.dir)).code).toBe(0);
    await project.write({
      'sources/a/schema.graphql':
        'type Query { beta(x: Int): String, gamma: Int }\nenum Colour { RED GREEN }\ntype Mutation { paint(colour: Colour): Colour }\n',
    });

    const result = await runCli(['compose', '--check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'schemas/gateway.graphql is stale; run `npx plexus compose` and commit the result',
        'schema changes (2 breaking, 1 dangerous, 1 safe):',
        '  breaking (2):',
        "    Field 'alpha' was removed from object type 'Query'",
        "    Field 'Query.beta' changed type from 'Int' to 'String'",
        '  dangerous (1):',
        "    Enum value 'GREEN' was added to enum 'Colour'",
        '  safe (1):',
        "    Field 'gamma' was added to object type 'Query'",
        '',
      ].join('\n'),
    );
  });
});
