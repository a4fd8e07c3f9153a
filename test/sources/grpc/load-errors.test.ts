import { afterEach, describe, expect, test } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { loadSource } from './support/source.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** Loads a one-source project (`sources/bad/`) for composing, and returns its problems. */
async function problemsOf(files: Record<string, string>, yaml = 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: bad.proto\n') {
  project = await tempProject({
    'sources/bad/source.yaml': yaml,
    ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`sources/bad/${name}`, text])),
  });
  const result = await loadSource(project, 'bad', { mode: 'compose' });
  await result.source?.close();
  return result.problems;
}

const SERVICE = 'service S {\n  rpc GetA(A) returns (A);\n}\n';

describe('a broken proto is reported with its file and line', () => {
  test('syntax error', async () => {
    expect(await problemsOf({ 'bad.proto': 'syntax = "proto3";\n\nmessage A {\n  string x = 1\n}\n' })).toEqual([
      { file: 'sources/bad/bad.proto', line: 5, message: "syntax error: illegal token '}', ';' expected" },
    ]);
  });

  test('syntax error in an imported file', async () => {
    const problems = await problemsOf({
      'bad.proto': `syntax = "proto3";\nimport "lib/types.proto";\nmessage A { lib.B b = 1; }\n${SERVICE}`,
      'lib/types.proto': 'syntax = "proto3";\npackage lib;\nmessage B {\n  int32 = 1;\n}\n',
    });
    expect(problems).toEqual([{ file: 'sources/bad/lib/types.proto', line: 4, message: expect.stringMatching(/^syntax error: illegal/) }]);
  });

  test('an import that is nowhere', async () => {
    expect(await problemsOf({ 'bad.proto': `syntax = "proto3";\n\nimport "vendor/missing.proto";\nmessage A {}\n${SERVICE}` })).toEqual([
      { file: 'sources/bad/bad.proto', line: 3, message: 'import "vendor/missing.proto" not found (searched sources/bad and the files Plexus ships)' },
    ]);
  });

  test('a type that is not defined', async () => {
    expect(await problemsOf({ 'bad.proto': `syntax = "proto3";\n\nmessage A {\n  string x = 1;\n  Missing y = 2;\n}\n${SERVICE}` })).toEqual([
      { file: 'sources/bad/bad.proto', line: 5, message: expect.stringContaining("'Missing' in Type .A") },
    ]);
  });

  test('a (plexus.batch) option that names no repeated request field', async () => {
    const proto = [
      'syntax = "proto3";',
      'import "plexus/options.proto";',
      'message Req { string id = 1; }',
      'message Item { string id = 1; }',
      'message Res { repeated Item items = 1; }',
      'service S {',
      '  rpc GetMany(Req) returns (Res) {',
      '    option (plexus.batch) = { argument: "id" key: "id" };',
      '  }',
      '}',
    ].join('\n');
    expect(await problemsOf({ 'bad.proto': proto })).toEqual([
      { file: 'sources/bad/bad.proto', line: 7, message: 'rpc GetMany: (plexus.batch) argument "id" must name a repeated field of Req' },
    ]);
  });

  test('two services whose RPCs would be the same field', async () => {
    const proto = `syntax = "proto3";\nmessage A {}\nservice S {\n  rpc GetA(A) returns (A);\n}\nservice T {\n  rpc GetA(A) returns (A);\n}\n`;
    expect(await problemsOf({ 'bad.proto': proto })).toEqual([
      {
        file: 'sources/bad/bad.proto',
        line: 7,
        message: 'rpc T/GetA and rpc S/GetA would both be Query.getA; give one another field name under "operations:" in source.yaml',
      },
    ]);
  });
});

describe('a schema file of another kind', () => {
  test('an OpenAPI document under kind: grpc says so instead of a proto syntax error', async () => {
    const openapi = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n';
    expect(await problemsOf({ 'openapi.yaml': openapi }, 'kind: grpc\nendpoint: 127.0.0.1:1\nschema: openapi.yaml\n')).toEqual([
      {
        file: 'sources/bad/openapi.yaml',
        message: 'looks like an OpenAPI document; kind is grpc, which reads .proto files (set kind: openapi in source.yaml)',
      },
    ]);
  });

  test('GraphQL SDL under kind: grpc says so', async () => {
    expect(await problemsOf({ 'bad.proto': 'type Query {\n  order(id: ID!): String\n}\n' })).toEqual([
      {
        file: 'sources/bad/bad.proto',
        message: 'looks like a GraphQL schema (SDL); kind is grpc, which reads .proto files (set kind: graphql in source.yaml)',
      },
    ]);
  });
});

describe('source.yaml', () => {
  const proto = { 'bad.proto': `syntax = "proto3";\nmessage A {}\n${SERVICE}` };

  test('tls on a plaintext endpoint', async () => {
    expect(await problemsOf(proto, 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: bad.proto\ntls: true\n')).toEqual([
      {
        file: 'sources/bad/source.yaml',
        message: '"tls" is set but the endpoint is plaintext (grpc:// or http://); use grpcs://, https:// or a bare host:port',
      },
    ]);
  });

  test('a certificate file that cannot be read', async () => {
    expect(await problemsOf(proto, 'kind: grpc\nendpoint: grpcs://127.0.0.1:1\nschema: bad.proto\ntls: { ca: certs/ca.pem }\n')).toEqual([
      { file: 'sources/bad/source.yaml', message: expect.stringMatching(/^tls\.ca: cannot read "certs\/ca\.pem"/) },
    ]);
  });

  test('a client certificate without its key', async () => {
    const problems = await problemsOf(proto, 'kind: grpc\nendpoint: grpcs://127.0.0.1:1\nschema: bad.proto\ntls:\n  cert: client.pem\n');
    expect(problems[0]).toMatchObject({ file: 'sources/bad/source.yaml', message: expect.stringContaining('tls.cert and tls.key go together') });
  });

  test('an endpoint scheme gRPC does not speak, or an endpoint without a port, points at the endpoint line', async () => {
    expect(await problemsOf(proto, 'kind: grpc\nendpoint: ftp://127.0.0.1:1\nschema: bad.proto\n')).toEqual([
      {
        file: 'sources/bad/source.yaml',
        line: 2,
        message:
          '"endpoint": "ftp://127.0.0.1:1" has scheme ftp://; write host:port, grpc://host:port, grpcs://host:port, dns:///host:port or unix:///path (http:// and https:// work too)',
      },
    ]);
    expect(await problemsOf(proto, 'kind: grpc\nschema: bad.proto\nendpoint: orders\n')).toEqual([
      { file: 'sources/bad/source.yaml', line: 3, message: '"endpoint": "orders" has no port; write orders:<port>' },
    ]);
    expect(await problemsOf(proto, 'kind: grpc\nendpoint: orders:99999\nschema: bad.proto\n')).toEqual([
      { file: 'sources/bad/source.yaml', line: 2, message: '"endpoint": "orders:99999" has port 99999, outside 1-65535' },
    ]);
  });

  test.each([
    'orders:50051',
    '127.0.0.1:4102',
    '[::1]:50051',
    'dns:///orders.internal:50051',
    'unix:///run/orders.sock',
    'grpc://orders:50051',
    'grpcs://orders:443',
  ])('accepts the endpoint %s', async (endpoint) => {
    expect(await problemsOf(proto, `kind: grpc\nendpoint: "${endpoint}"\nschema: bad.proto\n`)).toEqual([]);
  });

  test('an unknown option', async () => {
    const problems = await problemsOf(proto, 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: bad.proto\nmaps: dict\n');
    expect(problems[0]).toMatchObject({ file: 'sources/bad/source.yaml', line: 4 });
  });
});
