import { GraphQLObjectType, GraphQLInputObjectType, GraphQLEnumType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { coerceInputValue } from 'graphql';
import { checkCommand } from '../../../src/cli/check.js';
import { createSerializer } from '../../../src/sources/serialize.js';
import type { LoadedSource } from '../../../src/sources/types.js';
import type { TempProject } from '../../helpers/fixtures.js';
import { kitchenProject, startKitchen } from './support/kitchen.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { loadSource, mustLoad, run } from './support/source.js';

let server: TestGrpcServer;
let project: TempProject;
const others: TempProject[] = [];
let kitchen: LoadedSource & { loadWarnings: { file: string; line?: number; message: string }[] };

beforeAll(async () => {
  server = await startKitchen();
  project = await kitchenProject('kitchen', 'kind: grpc\nendpoint: ${KITCHEN_URL}\nschema: kitchen.proto\n');
  kitchen = await mustLoad(project, 'kitchen', { env: { KITCHEN_URL: server.url } });
});

afterAll(async () => {
  await kitchen?.close();
  await server?.close();
  await project?.remove();
  await Promise.all(others.map((other) => other.remove()));
});

/** Loads the kitchen protos as one more source of its own, with this source.yaml. */
async function another(name: string, yaml: string) {
  const other = await kitchenProject(name, yaml);
  others.push(other);
  return other;
}

function fieldTypes(schema: GraphQLSchema, name: string): Record<string, string> {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType)) throw new Error(`${name} is not an object or input type`);
  return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, String(field.type)]));
}

function rootFields(schema: GraphQLSchema, root: 'Query' | 'Mutation' | 'Subscription'): string[] {
  const type = root === 'Query' ? schema.getQueryType() : root === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.keys(type?.getFields() ?? {});
}

/** An operation that passes every argument of a root field as a variable. */
function operationFor(schema: GraphQLSchema, root: 'query' | 'mutation', field: string, selection: string): string {
  const type = root === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const args = type.getFields()[field]!.args;
  const definitions = args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  return `${root}(${definitions}) { ${field}(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')}) ${selection} }`;
}

const EVERYTHING_SELECTION = `{
  d f i32 i64 u32 u64 s32 s64 fx32 fx64 sfx32 sfx64 flag text raw color
  inner { note numbers } inners { note numbers } byName byNumber maybe
  counts { key value } innerById { key value { note numbers } }
  at took nickname bigWrapped wrappedFlag attributes anything items extra mask customName userId2 tags
  price { currency units } palette
}`;

describe('types', () => {
  test('scalars, enums, nested messages, oneofs, maps and well-known types', () => {
    expect(fieldTypes(kitchen.schema, 'KitchenV1Everything')).toEqual({
      d: 'Float!',
      f: 'Float!',
      i32: 'Int!',
      i64: 'Int64!',
      u32: 'UInt32!',
      u64: 'UInt64!',
      s32: 'Int!',
      s64: 'Int64!',
      fx32: 'UInt32!',
      fx64: 'UInt64!',
      sfx32: 'Int!',
      sfx64: 'Int64!',
      flag: 'Boolean!',
      text: 'String!',
      raw: 'Bytes!',
      color: 'KitchenV1Color!',
      inner: 'KitchenV1Everything_Inner',
      inners: '[KitchenV1Everything_Inner!]!',
      byName: 'String',
      byNumber: 'Int',
      maybe: 'String',
      counts: '[KitchenV1Everything_CountsEntry!]!',
      innerById: '[KitchenV1Everything_InnerByIdEntry!]!',
      at: 'DateTime',
      took: 'Duration',
      nickname: 'String',
      bigWrapped: 'Int64',
      wrappedFlag: 'Boolean',
      attributes: 'JSON',
      anything: 'JSON',
      items: 'JSON',
      extra: 'JSON',
      mask: 'FieldMask',
      customName: 'String!',
      userId2: 'String!',
      tags: '[String!]!',
      price: 'SharedV1Money',
      palette: '[KitchenV1Color!]!',
      keyed: 'KitchenV1KeyedMaps',
      more: 'KitchenV1MoreWellKnown',
    });
    expect(fieldTypes(kitchen.schema, 'KitchenV1Everything_CountsEntry')).toEqual({ key: 'String!', value: 'Int64!' });
    expect(fieldTypes(kitchen.schema, 'KitchenV1Everything_InnerByIdEntry')).toEqual({ key: 'Int!', value: 'KitchenV1Everything_Inner' });
    expect((kitchen.schema.getType('KitchenV1Color') as GraphQLEnumType).getValues().map((value) => value.name)).toEqual(['COLOR_UNSPECIFIED', 'RED', 'GREEN']);
  });

  test('arguments are the request fields, all optional; messages become input types', () => {
    const echo = kitchen.schema.getMutationType()!.getFields()['echo']!;
    const args = Object.fromEntries(echo.args.map((arg) => [arg.name, String(arg.type)]));
    expect(args).toMatchObject({
      i64: 'Int64',
      inner: 'KitchenV1Everything_InnerInput',
      inners: '[KitchenV1Everything_InnerInput!]',
      counts: '[KitchenV1Everything_CountsEntryInput!]',
      at: 'DateTime',
      attributes: 'JSON',
      tags: '[String!]',
      color: 'KitchenV1Color',
    });
    expect(fieldTypes(kitchen.schema, 'KitchenV1Everything_InnerInput')).toEqual({ note: 'String', numbers: '[Int!]' });
  });

  test('comments in the .proto become descriptions', () => {
    const everything = kitchen.schema.getType('KitchenV1Everything') as GraphQLObjectType;
    expect(everything.description).toBe('A message with a field of every kind.');
    expect(everything.getFields()['inner']!.description).toBe('A nested message.');
    expect(kitchen.schema.getMutationType()!.getFields()['echo']!.description).toBe('Sends the message back.');
    expect((kitchen.schema.getType('KitchenV1Color') as GraphQLEnumType).getValue('RED')!.description).toBe('Warm.');
  });

  test('a message without fields and google.protobuf.Empty stay valid GraphQL', async () => {
    expect(fieldTypes(kitchen.schema, 'KitchenV1Nothing')).toEqual({ _empty: 'Boolean' });
    expect(String(kitchen.schema.getMutationType()!.getFields()['forget']!.type)).toBe('Boolean');
    expect(kitchen.schema.getQueryType()!.getFields()['getDefaults']!.args).toEqual([]);
    const result = await run(kitchen, 'mutation { forget(text: "x") listed: getaway { _empty } }');
    expect(result).toEqual({ data: { forget: true, listed: { _empty: null } } });
  });
});

describe('root fields', () => {
  test('unary RPCs by name prefix, server streaming as Subscription; services of imported files are left out', () => {
    expect(rootFields(kitchen.schema, 'Query')).toEqual(['getDefaults', 'listNothing']);
    expect(rootFields(kitchen.schema, 'Mutation')).toEqual(['echo', 'forget', 'getaway']);
    expect(rootFields(kitchen.schema, 'Subscription')).toEqual(['tail']);
    expect(kitchen.operations.map((operation) => operation.name)).toEqual(['Echo', 'GetDefaults', 'Forget', 'ListNothing', 'Getaway', 'Tail']);
  });

  test('client and bidirectional streaming RPCs are skipped with a warning at the rpc line', () => {
    expect(kitchen.warnings).toEqual([
      { file: 'sources/kitchen/kitchen.proto', line: 88, message: expect.stringContaining('rpc kitchen.v1.KitchenService/Upload is client-streaming') },
      { file: 'sources/kitchen/kitchen.proto', line: 89, message: expect.stringContaining('rpc kitchen.v1.KitchenService/Chat is bidirectional-streaming') },
    ]);
  });

  test('plexus check lists each of them once, with file and line, and passes', async () => {
    const checked = await another('checked', 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: kitchen.proto\n');
    const lines: string[] = [];
    expect(await checkCommand({ sources: 'sources', schemas: 'schemas' }, checked.dir, (line) => lines.push(line) > 0)).toBe(0);
    expect(lines).toEqual([
      'skipped while mapping sources:',
      '  sources/checked/kitchen.proto:88: rpc kitchen.v1.KitchenService/Upload is client-streaming, which GraphQL cannot express; it is left out of the schema',
      '  sources/checked/kitchen.proto:89: rpc kitchen.v1.KitchenService/Chat is bidirectional-streaming, which GraphQL cannot express; it is left out of the schema',
      'ok: 1 source: checked (grpc)',
    ]);
  });

  test('operations: and queryPrefixes: override the classification and the field names', async () => {
    const customProject = await another(
      'custom',
      [
        'kind: grpc',
        'endpoint: grpc://127.0.0.1:1',
        'schema: kitchen.proto',
        'queryPrefixes: [Get]',
        'operations:',
        '  Echo: { rootType: Query, field: echoBack }',
        '  kitchen.v1.KitchenService/Forget: { field: forgetIt }',
        '  Nope: { field: nope }',
        '',
      ].join('\n'),
    );
    const custom = await mustLoad(customProject, 'custom', { mode: 'compose' });
    expect(rootFields(custom.schema, 'Query')).toEqual(['echoBack', 'getDefaults']);
    expect(rootFields(custom.schema, 'Mutation')).toEqual(['forgetIt', 'listNothing', 'getaway']);
    expect(custom.warnings).toContainEqual({ file: 'sources/custom/source.yaml', message: 'operations.Nope names no RPC of this source' });
    await custom.close();
  });
});

describe('values', () => {
  const input = {
    d: 1.5,
    f: 2.5,
    i32: -3,
    i64: '9007199254740993',
    u32: 4294967295,
    u64: '18446744073709551615',
    s32: -5,
    s64: '-9007199254740993',
    fx32: 7,
    fx64: '8',
    sfx32: -9,
    sfx64: '-10',
    flag: true,
    text: 'héllo',
    raw: 'AQID',
    color: 'RED',
    inner: { note: 'n', numbers: [1, 2] },
    inners: [{ note: 'a', numbers: [] }],
    byName: null,
    byNumber: 4,
    maybe: '',
    counts: [{ key: 'a', value: '12345678901234567' }],
    innerById: [{ key: 3, value: { note: 'three', numbers: [] } }],
    at: '2024-05-01T12:00:00.123Z',
    took: '-1.500s',
    nickname: 'nick',
    bigWrapped: '-9223372036854775808',
    wrappedFlag: false,
    attributes: { a: 1, b: [true, null, 'x'], c: { d: 'e' } },
    anything: [1, 'two'],
    items: [1, { x: 2 }],
    extra: { '@type': 'type.googleapis.com/kitchen.v1.Everything.Inner', note: 'inside', numbers: [5] },
    mask: 'text,innerById',
    customName: 'c',
    userId2: 'u',
    tags: ['x', 'y'],
    price: { currency: 'EUR', units: '100' },
    palette: ['GREEN', 'RED'],
  };

  test('root resolvers answer in serialized form, so the gateway can use them without executing the schema', async () => {
    const field = kitchen.schema.getMutationType()!.getFields()['echo']!;
    const args = Object.fromEntries(
      field.args.flatMap((arg) =>
        (input as Record<string, unknown>)[arg.name] === undefined
          ? []
          : [[arg.name, coerceInputValue((input as Record<string, unknown>)[arg.name], arg.type)]],
      ),
    );
    const raw = await field.resolve!(undefined, args, {}, undefined as never);
    expect(kitchen.serializedResults).toBe(true);
    expect(raw).toStrictEqual(createSerializer(kitchen.schema, { wrongShape: (expected) => new Error(expected) }).forType(field.type)(raw, {}));
  });

  test('every field survives a round trip through the service, 64-bit integers to the last digit', async () => {
    const result = await run(kitchen, operationFor(kitchen.schema, 'mutation', 'echo', EVERYTHING_SELECTION), input);
    expect(result.errors).toBeUndefined();
    expect(result.data.echo).toEqual(input);
  });

  test('an empty answer has protobuf defaults, and null for absent messages and oneof members', async () => {
    const result = await run(kitchen, `{ getDefaults ${EVERYTHING_SELECTION} }`);
    expect(result.data.getDefaults).toMatchObject({
      d: 0,
      i64: '0',
      u64: '0',
      raw: '',
      color: 'COLOR_UNSPECIFIED',
      inner: null,
      inners: [],
      byName: null,
      byNumber: null,
      maybe: null,
      counts: [],
      at: null,
      nickname: null,
      attributes: null,
      extra: null,
      mask: null,
      customName: '',
      price: null,
    });
  });

  test('two members of one oneof is BAD_USER_INPUT, before any call', async () => {
    const calls = server.calls;
    const result = await run(kitchen, 'mutation { echo(byName: "a", byNumber: 1) { text } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'kitchen' });
    expect(server.calls).toBe(calls);
  });

  test.each([
    ['Int64', 'i64', '9223372036854775808'],
    ['UInt64', 'u64', '-1'],
    ['UInt32', 'u32', 4294967296],
    ['DateTime', 'at', 'yesterday'],
    ['Duration', 'took', '5 minutes'],
    ['Bytes', 'raw', 'not base64!'],
  ])('%s rejects a value out of its range', async (scalar, argument, value) => {
    const result = await run(kitchen, `mutation($value: ${scalar}) { echo(${argument}: $value) { text } }`, { value });
    expect(result.errors?.[0]?.message).toContain(`${scalar} cannot represent`);
  });

  test('maps: json makes a map one JSON object', async () => {
    const jsonmapsProject = await another('jsonmaps', 'kind: grpc\nendpoint: ${KITCHEN_URL}\nschema: kitchen.proto\nmaps: json\n');
    const source = await mustLoad(jsonmapsProject, 'jsonmaps', { env: { KITCHEN_URL: server.url } });
    expect(fieldTypes(source.schema, 'KitchenV1Everything')).toMatchObject({ counts: 'JSON!', innerById: 'JSON!' });
    const result = await run(source, 'mutation($counts: JSON, $byId: JSON) { echo(counts: $counts, innerById: $byId) { counts innerById } }', {
      counts: { a: '1', b: '99999999999999999' },
      byId: { 7: { note: 'seven' } },
    });
    expect(result.data.echo).toEqual({ counts: { a: '1', b: '99999999999999999' }, innerById: { 7: { note: 'seven', numbers: [] } } });
    await source.close();
  });
});

describe('names', () => {
  test('typeNames: short uses bare message names, and reports two packages that clash', async () => {
    const shortProject = await another('short', 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: [kitchen.proto, shared/common.proto]\ntypeNames: short\n');
    const result = await loadSource(shortProject, 'short', { mode: 'compose' });
    expect(result.problems).toEqual([
      {
        file: 'sources/short/shared/common.proto',
        line: 12,
        message:
          'shared.v1.Everything and kitchen.v1.Everything would both be the GraphQL type "Everything" (set "typeNames: package" in source.yaml to keep package names)',
      },
    ]);
  });

  test('with package names, both messages live side by side', async () => {
    const bothProject = await another('both', 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: [kitchen.proto, shared/common.proto]\n');
    const source = await mustLoad(bothProject, 'both', { mode: 'compose' });
    expect(source.schema.getType('KitchenV1Everything')).toBeDefined();
    expect(fieldTypes(source.schema, 'SharedV1Everything')).toEqual({ x: 'String!' });
    expect(rootFields(source.schema, 'Query')).toContain('getShared');
    await source.close();
  });

  test("a message named like another message's input type keeps its name; the input type takes the next free one", async () => {
    const project = await another('intents', 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: intents.proto\ntypeNames: short\n');
    await project.write({
      'sources/intents/intents.proto': [
        'syntax = "proto3";',
        'package intents.v1;',
        'message Intent { string name = 1; }',
        'message IntentInput { string text = 1; Intent intent = 2; }',
        'message IntentInput2 { string other = 1; }',
        'service Intents {',
        '  rpc UpdateIntent(Intent) returns (Intent);',
        '  rpc MatchIntent(IntentInput) returns (IntentInput);',
        '  rpc Keep(IntentInput2) returns (IntentInput2);',
        '  rpc Echo(Intent) returns (IntentInput2);',
        '}',
      ].join('\n'),
    });
    const source = await mustLoad(project, 'intents', { mode: 'compose' });
    // The messages keep the names their authors gave them; only derived input names give way.
    expect(fieldTypes(source.schema, 'IntentInput')).toEqual({ text: 'String!', intent: 'Intent' });
    expect(fieldTypes(source.schema, 'IntentInput2')).toEqual({ other: 'String!' });
    expect(fieldTypes(source.schema, 'IntentInput3')).toEqual({ name: 'String' });
    const matchIntent = source.schema.getMutationType()!.getFields()['matchIntent']!;
    const args = matchIntent.args.map((arg) => `${arg.name}: ${String(arg.type)}`);
    expect(args).toEqual(['text: String', 'intent: IntentInput3']);
    await source.close();
  });

  test('proto2: required fields are non-null arguments, explicit defaults are answered', async () => {
    const legacyProject = await another('legacy', 'kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: legacy.proto\ntypeNames: short\n');
    const source = await mustLoad(legacyProject, 'legacy', { mode: 'compose' });
    const getRecord = source.schema.getQueryType()!.getFields()['getRecord']!;
    const args = Object.fromEntries(getRecord.args.map((arg) => [arg.name, String(arg.type)]));
    expect(args).toEqual({ id: 'String!', level: 'Int', label: 'String', values: '[Int64!]', parent: 'RecordInput' });
    expect(fieldTypes(source.schema, 'Record')).toEqual({ id: 'String!', level: 'Int!', label: 'String!', values: '[Int64!]!', parent: 'Record' });
    await source.close();
  });
});
