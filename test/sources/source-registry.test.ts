import { afterEach, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../src/logger.js';
import { loadSources } from '../../src/sources/registry.js';
import { noUpstreamMetrics } from '../../src/upstream/metrics.js';
import { formatProblem } from '../../src/config/problems.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';

const SDL = 'type Query { hello: String }\n';
let project: TempProject | undefined;

afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function problemsFor(files: Record<string, string>, env: Record<string, string> = {}) {
  project = await tempProject(files);
  const registry = await loadSources({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    env,
    mode: 'compose',
    metrics: noUpstreamMetrics,
    logger: createLogger({ level: 'silent' }),
  });
  await Promise.all(registry.sources.map((entry) => entry.loaded.close()));
  return { sources: registry.sources.map((entry) => entry.name), problems: registry.problems.map(formatProblem) };
}

describe('source registry', () => {
  it('loads a valid folder and interpolates the endpoint with its default', async () => {
    const result = await problemsFor({
      'sources/hello/source.yaml': 'kind: graphql\nendpoint: ${HELLO_URL:-http://127.0.0.1:1/graphql}\nschema: schema.graphql\n',
      'sources/hello/schema.graphql': SDL,
    });
    expect(result).toEqual({ sources: ['hello'], problems: [] });
  });

  it('reports a wrong key with file and line', async () => {
    const result = await problemsFor({
      'sources/hello/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: schema.graphql\ntimout: 2s\n',
      'sources/hello/schema.graphql': SDL,
    });
    expect(result.problems).toEqual(['sources/hello/source.yaml:4: unknown key "timout" (did you mean "timeout"?)']);
  });

  it('refuses connection and framing headers in headers.forward, set and claims, with file and line', async () => {
    const result = await problemsFor({
      'sources/hello/source.yaml': [
        'kind: graphql',
        'endpoint: http://127.0.0.1:1',
        'schema: schema.graphql',
        'headers:',
        '  forward: [authorization, Host, te, x-request-id, Transfer-Encoding]',
        '  set: { connection: close, x-api-key: "bad\\u0001value" }',
        '  claims: { content-length: sub }',
        '',
      ].join('\n'),
      'sources/hello/schema.graphql': SDL,
    });
    const never = "belongs to one connection or to the framing of one message; the gateway never sends it on a client's behalf";
    expect(result.problems).toEqual([
      `sources/hello/source.yaml:5: "headers.forward.1": "host" ${never}`,
      `sources/hello/source.yaml:5: "headers.forward.2": "te" ${never}`,
      `sources/hello/source.yaml:5: "headers.forward.4": "transfer-encoding" ${never}`,
      `sources/hello/source.yaml:6: "headers.set.connection": "connection" ${never}`,
      'sources/hello/source.yaml:6: "headers.set.x-api-key": not a valid header value: use only tab, printable ASCII and Latin-1 characters (no control characters, no emoji)',
      `sources/hello/source.yaml:7: "headers.claims.content-length": "content-length" ${never}`,
    ]);
  });

  it('refuses gRPC metadata keys and values gRPC cannot carry, with file and line', async () => {
    const result = await problemsFor({
      'sources/calls/source.yaml':
        'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: a.proto\nheaders:\n  forward: [x-ok, "x~odd"]\n  set: { x-tenant: café }\n',
      'sources/calls/a.proto': 'syntax = "proto3";\npackage a;\nmessage M { string s = 1; }\nservice S { rpc GetM(M) returns (M); }\n',
    });
    expect(result.problems).toEqual([
      'sources/calls/source.yaml:5: "headers.forward.1": "x~odd" is not a valid gRPC metadata key (lower-case letters, digits, "_", "-" and ".")',
      'sources/calls/source.yaml:6: "headers.set.x-tenant": not a valid gRPC metadata value: use only printable ASCII characters',
    ]);
  });

  it('reports an unknown kind', async () => {
    const result = await problemsFor({ 'sources/hello/source.yaml': 'kind: soap\nendpoint: http://127.0.0.1:1\n' });
    expect(result.problems).toEqual([expect.stringMatching(/^sources\/hello\/source\.yaml:1: unknown kind "soap" \(expected one of .*graphql/)]);
  });

  it('reports a missing kind and a missing endpoint', async () => {
    expect((await problemsFor({ 'sources/a/source.yaml': 'endpoint: http://127.0.0.1:1\n' })).problems).toEqual([
      expect.stringMatching(/^sources\/a\/source\.yaml:1: "kind" is required/),
    ]);
    await project?.remove();
    expect((await problemsFor({ 'sources/b/source.yaml': 'kind: graphql\nschema: s.graphql\n', 'sources/b/s.graphql': SDL })).problems).toEqual([
      'sources/b/source.yaml:1: "endpoint" is required',
    ]);
  });

  it('says which environment variable left the endpoint empty', async () => {
    const result = await problemsFor({ 'sources/a/source.yaml': 'kind: graphql\nendpoint: ${A_URL}\nschema: s.graphql\n', 'sources/a/s.graphql': SDL });
    expect(result.problems).toEqual([
      'sources/a/source.yaml:2: "endpoint": endpoint is empty (is its environment variable set?) (unset environment variables: A_URL)',
    ]);
  });

  it('reports a missing schema file on the schema line', async () => {
    const result = await problemsFor({ 'sources/hello/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: nope.graphql\n' });
    expect(result.problems).toEqual(['sources/hello/source.yaml:3: schema file "nope.graphql" cannot be read (no such file)']);
  });

  it('reports an unreadable source.yaml', async () => {
    project = await tempProject();
    await mkdir(join(project.sourcesDir, 'odd', 'source.yaml'), { recursive: true });
    const registry = await loadSources({
      sourcesDir: project.sourcesDir,
      cwd: project.dir,
      env: {},
      mode: 'compose',
      metrics: noUpstreamMetrics,
      logger: createLogger({ level: 'silent' }),
    });
    expect(registry.problems.map(formatProblem)).toEqual(['sources/odd/source.yaml: cannot read file (is a directory)']);
  });

  it('reports a folder without source.yaml', async () => {
    const result = await problemsFor({ 'sources/empty/README.md': 'nothing here' });
    expect(result.problems).toEqual(['sources/empty/source.yaml: cannot read file (no such file)']);
  });

  it('reports invalid YAML with its line', async () => {
    const result = await problemsFor({ 'sources/y/source.yaml': 'kind: graphql\nendpoint: [unclosed\n' });
    expect(result.problems).toEqual([expect.stringMatching(/^sources\/y\/source\.yaml:\d+: invalid YAML: /)]);
  });

  it('reports an SDL syntax error with the schema file and line', async () => {
    const result = await problemsFor({
      'sources/bad/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: schema.graphql\n',
      'sources/bad/schema.graphql': 'type Query {\n  hello: String\n  oops(: Int\n}\n',
    });
    expect(result.problems).toEqual([expect.stringMatching(/^sources\/bad\/schema\.graphql:3: syntax error: /)]);
  });

  it('reports an SDL that references an unknown type', async () => {
    const result = await problemsFor({
      'sources/bad/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: schema.graphql\n',
      'sources/bad/schema.graphql': 'type Query {\n  hello: Missing\n}\n',
    });
    expect(result.problems).toEqual([expect.stringMatching(/^sources\/bad\/schema\.graphql:2: Unknown type "Missing"/)]);
  });

  it('keeps loading the good folders when one is bad', async () => {
    const result = await problemsFor({
      'sources/good/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1\nschema: s.graphql\n',
      'sources/good/s.graphql': SDL,
      'sources/bad/source.yaml': 'kind: nope\nendpoint: http://127.0.0.1:1\n',
    });
    expect(result.sources).toEqual(['good']);
    expect(result.problems).toHaveLength(1);
  });
});
