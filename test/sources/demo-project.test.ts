import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { ConfigurationError } from '../../src/config/problems.js';
import { DEMO_SOURCES, startDemoGateway } from '../helpers/demo-project.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { ROOT, startTestGateway } from '../helpers/gateway.js';

// The suite never depends on what the top-level sources/ and schemas/ hold beyond the demo: a
// folder added there (a service of one's own, maybe not running) must not make `npm test` fail.

const TEST_DIR = join(ROOT, 'test');
const HELPER = join('helpers', 'demo-project.ts');
const THIS_FILE = join('sources', 'demo-project.test.ts');
// Its relative paths are imports of virtual files under src/, linted, never read.
const LAYERING = 'layering.test.ts';

/** Ways a test file reaches the top-level folders itself, each with what it catches. */
const TOP_LEVEL_REFERENCES: [RegExp, string][] = [
  [/\bROOT\b[^;\n]*?['"`](?:\.\/)?(?:sources|schemas)\b/, "ROOT joined with 'sources' or 'schemas'"],
  [/\b(?:runCli|startCli)\([^)]*\bROOT\b/, 'the CLI run in the repository root, where it reads sources/ and schemas/'],
];

/** A relative path that may climb out of test/: test/sources/ is a folder of the suite, the top-level sources/ is not. */
const RELATIVE = /['"`]((?:\.\.\/)+(?:sources|schemas)\b[^'"`$]*)/g;

/** The ways `text`, the content of `file` (by default a file one folder below test/), reaches the top-level folders. */
function topLevelReferences(text: string, file = join(TEST_DIR, 'any', 'file.test.ts')): string[] {
  const found = TOP_LEVEL_REFERENCES.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
  const outOfTest = [...text.matchAll(RELATIVE)].some((match) =>
    /^(?:sources|schemas)(?:\/|$)/.test(
      relative(ROOT, resolve(dirname(file), match[1]!))
        .split(sep)
        .join('/'),
    ),
  );
  return outOfTest ? [...found, 'a relative path out of test/ into sources/ or schemas/'] : found;
}

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
}

describe('test files and the top-level sources/ and schemas/', () => {
  it('recognises each way of reaching them', () => {
    expect(topLevelReferences("join(ROOT, 'sources', 'users')")).toHaveLength(1);
    expect(topLevelReferences("resolve(ROOT, 'schemas/links.graphql')")).toHaveLength(1);
    expect(topLevelReferences('new URL(`../../sources/${name}/schema.graphql`, import.meta.url)')).toHaveLength(1);
    expect(topLevelReferences("runCli(['compose', '--check'], ROOT)")).toHaveLength(1);
    expect(topLevelReferences("import { loadSources } from '../../src/sources/registry.js';")).toEqual([]);
    expect(topLevelReferences("import { document } from '../sources/openapi/support.js';", join(TEST_DIR, 'upstream', 'x.test.ts'))).toEqual([]);
    expect(topLevelReferences("await project.write({ 'sources/a/schema.graphql': SDL })")).toEqual([]);
  });

  it('are reached only through the demo-project helper, by the demo folder names', async () => {
    const offenders: string[] = [];
    for (const file of await testFiles(TEST_DIR)) {
      const name = relative(TEST_DIR, file);
      if (name === HELPER || name === THIS_FILE || name === LAYERING) continue;
      for (const what of topLevelReferences(await readFile(file, 'utf8'), file)) offenders.push(`test${sep}${name}: ${what}`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('the demo project beside a folder the demo does not know', () => {
  let demo: DemoServices;
  let layout: TempProject;

  // A copy of the repository's sources/ and schemas/ with two more source folders: one whose
  // service is not running, one that cannot be loaded at all.
  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    layout = await tempProject({
      'sources/zz-dead/source.yaml': 'kind: openapi\nendpoint: http://127.0.0.1:1\nschema: openapi.yaml\n',
      'sources/zz-dead/openapi.yaml': [
        'openapi: 3.0.3',
        'info: { title: dead, version: "1" }',
        'paths:',
        '  /things:',
        '    get:',
        '      operationId: deadThings',
        '      responses:',
        '        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }',
        '',
      ].join('\n'),
      'sources/zz-broken/source.yaml': 'kind: openapi\nendpoint: http://127.0.0.1:1\nschema: openapi.yaml\n',
      'sources/zz-broken/openapi.yaml': 'openapi: [unclosed\n',
    });
    await cp(join(ROOT, 'sources'), layout.sourcesDir, { recursive: true });
    await cp(join(ROOT, 'schemas'), layout.schemasDir, { recursive: true });
  });
  afterAll(async () => {
    await demo?.close();
    await layout?.remove();
  });

  it('the extra folders would stop a gateway over the whole sources/ folder', async () => {
    const error = await startTestGateway({ sourcesDir: layout.sourcesDir, env: demo.env }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(join('sources', 'zz-broken'));
  });

  it('a demo gateway built from that layout serves the demo alone, every source ready', async () => {
    const gateway = await startDemoGateway({ root: layout.dir, env: demo.env });
    try {
      const { body } = await gateway.query('{ users(limit: 1) { id orders { id product { name } } } q: __type(name: "Query") { fields { name } } }');
      expect(body.errors).toBeUndefined();
      expect(body.data.users).toHaveLength(1);
      expect(body.data.users[0].orders[0].product.name).toEqual(expect.any(String));
      expect(body.data.q.fields.map((field: { name: string }) => field.name)).not.toContain('deadThings');
      const ready = await fetch(`${gateway.server.url}/readyz`);
      expect(ready.status).toBe(200);
      const readiness = await ready.json();
      expect(readiness.sources.map((source: { source: string }) => source.source).sort()).toEqual([...DEMO_SOURCES].sort());
    } finally {
      await gateway.close();
    }
  });
});
