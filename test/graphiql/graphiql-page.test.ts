import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPHIQL_DOCUMENT } from '../../src/graphiql/config.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createLogger } from '../../src/logger.js';
import { loadConfigFrom } from '../helpers/config.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { testConfig } from '../helpers/gateway.js';

// GraphiQL is rendered without calling any source: the endpoint is never contacted.
const SDL = 'type Query { hello: String }\n';
const DOCUMENT = '# Our catalogue, with a </script> that must not end the page script\nquery Hello { hello }\n';

let project: TempProject;
const gateways: Gateway[] = [];

beforeAll(async () => {
  project = await tempProject({
    'sources/a/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
    'sources/a/schema.graphql': SDL,
  });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await project?.remove();
});

async function page(config: Record<string, unknown>): Promise<{ status: number; html: string }> {
  const gateway = await createGateway({
    config: testConfig(config),
    sourcesDir: project.sourcesDir,
    schemasDir: project.schemasDir,
    cwd: project.dir,
    env: {},
    logger: createLogger({ level: 'silent' }),
  });
  gateways.push(gateway);
  const response = await gateway.fetch('http://plexus/graphql', { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
}

/** The options object the page hands GraphiQL's renderer. */
function rendererOptions(html: string): { title?: string; defaultQuery?: string } {
  const match = /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(html);
  expect(match, 'the renderer call').not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('the GraphiQL page', () => {
  it('is titled and described as Plexus and opens with the configured default document', async () => {
    const { status, html } = await page({ graphiql: { defaultQuery: DOCUMENT } });
    expect(status).toBe(200);
    // The page is megabytes of bundled GraphiQL: compared as booleans, not printed on failure.
    expect(html.includes('<title>Plexus</title>')).toBe(true);
    expect(/<meta name="description" content="Plexus: [^"]+" \/>/.test(html)).toBe(true);
    const options = rendererOptions(html);
    expect(options.title).toBe('Plexus');
    expect(options.defaultQuery).toBe(DOCUMENT);
    // Written so that the document's `</script>` stays inside the string.
    expect(html.includes('a </script> that')).toBe(false);
  });

  it('opens with a runnable Plexus welcome when no document is configured', async () => {
    const options = rendererOptions((await page({})).html);
    expect(options.defaultQuery).toBe(DEFAULT_GRAPHIQL_DOCUMENT);
    expect(options.defaultQuery).toContain('# Plexus: one GraphQL endpoint');
    expect(options.defaultQuery).toContain('query Welcome');
  });

  it('is not served when graphiql is false', async () => {
    const { html } = await page({ graphiql: false });
    expect(html.includes('<title>Plexus</title>')).toBe(false);
  });
});

describe('graphiql in gateway.yaml', () => {
  it('takes the default document from the file or from PLEXUS_GRAPHIQL_DEFAULT_QUERY', async () => {
    expect((await loadConfigFrom('graphiql:\n  defaultQuery: "{ hello }"\n')).graphiql).toEqual({ enabled: true, defaultQuery: '{ hello }' });
    const fromEnv = await loadConfigFrom('graphiql:\n  defaultQuery: "{ hello }"\n', { PLEXUS_GRAPHIQL_DEFAULT_QUERY: '{ other }' });
    expect(fromEnv.graphiql.defaultQuery).toBe('{ other }');
  });

  it('still reads graphiql: true/false and PLEXUS_GRAPHIQL', async () => {
    expect((await loadConfigFrom('graphiql: false\n')).graphiql.enabled).toBe(false);
    expect((await loadConfigFrom(undefined, { PLEXUS_GRAPHIQL: 'false' })).graphiql.enabled).toBe(false);
    expect((await loadConfigFrom('graphiql:\n  defaultQuery: "{ hello }"\n', { PLEXUS_GRAPHIQL: 'off' })).graphiql).toEqual({
      enabled: false,
      defaultQuery: '{ hello }',
    });
  });
});
