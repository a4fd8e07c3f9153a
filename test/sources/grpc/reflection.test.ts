import { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { optionsAwareDescriptor, startDescriptorServer } from './support/descriptor-server.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { kitchenProject, startKitchen } from './support/kitchen.js';
import { loadSource, mustLoad, run } from './support/source.js';

const projects: TempProject[] = [];
const servers: { close(): unknown }[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const project of projects) await project.remove();
});

async function reflectedProject(url: string, extra = ''): Promise<TempProject> {
  const project = await tempProject({ 'sources/kitchen/source.yaml': `kind: grpc\nendpoint: ${url}\n${extra}` });
  projects.push(project);
  return project;
}

function fieldTypes(type: unknown): Record<string, string> {
  return Object.fromEntries(Object.values((type as GraphQLObjectType).getFields()).map((field) => [field.name, String(field.type)]));
}

describe('schema by server reflection', () => {
  let v1: TestGrpcServer;
  let fromFiles: Awaited<ReturnType<typeof mustLoad>>;

  beforeAll(async () => {
    v1 = await startKitchen({ reflection: 'v1' });
    servers.push(v1);
    const files = await kitchenProject('kitchen', `kind: grpc\nendpoint: ${v1.url}\nschema: kitchen.proto\n`);
    projects.push(files);
    fromFiles = await mustLoad(files, 'kitchen', { mode: 'compose' });
  });

  test('v1: the same types and root fields as from the .proto files, and calls work', async () => {
    const source = await mustLoad(await reflectedProject(v1.url), 'kitchen');
    // The test server's descriptors come from protobufjs, which drops custom json_names (a protoc-built server keeps them).
    const { customName: _, ...expected } = fieldTypes(fromFiles.schema.getType('KitchenV1Everything'));
    expect(fieldTypes(source.schema.getType('KitchenV1Everything'))).toEqual({ ...expected, renamedField: 'String!' });
    expect(fieldTypes(source.schema.getType('KitchenV1Everything_InnerByIdEntry'))).toEqual({ key: 'Int!', value: 'KitchenV1Everything_Inner' });
    for (const root of ['getQueryType', 'getMutationType', 'getSubscriptionType'] as const) {
      expect(Object.keys(source.schema[root]()!.getFields())).toEqual(expect.arrayContaining(Object.keys(fromFiles.schema[root]()!.getFields())));
    }
    expect(source.warnings.map((warning) => warning.file)).toEqual(['sources/kitchen/source.yaml', 'sources/kitchen/source.yaml']);
    const result = await run(source, 'mutation { echo(i64: "-9007199254740993", counts: [{ key: "a", value: "1" }]) { i64 counts { key value } } }');
    expect(result).toEqual({ data: { echo: { i64: '-9007199254740993', counts: [{ key: 'a', value: '1' }] } } });
    await source.close();
  });

  test('v1alpha: a server that predates v1 still works', async () => {
    const old = await startKitchen({ reflection: 'v1alpha' });
    servers.push(old);
    const source = await mustLoad(await reflectedProject(old.url), 'kitchen');
    expect(Object.keys(source.schema.getMutationType()!.getFields())).toContain('echo');
    await source.close();
  });

  test('a server without reflection: a problem that says what to do', async () => {
    const plain = await startKitchen();
    servers.push(plain);
    const result = await loadSource(await reflectedProject(plain.url), 'kitchen');
    expect(result.problems).toEqual([
      {
        file: 'sources/kitchen/source.yaml',
        message: expect.stringMatching(/^server reflection at grpc:\/\/127\.0\.0\.1:\d+ failed \(UNIMPLEMENTED.*\); list the \.proto files under "schema:"/),
      },
    ]);
  });

  test('nothing listening: the same, promptly', async () => {
    const started = Date.now();
    const result = await loadSource(await reflectedProject('grpc://127.0.0.1:1', 'timeout: 1s\n'), 'kitchen');
    expect(result.problems[0]?.message).toMatch(/server reflection at grpc:\/\/127\.0\.0\.1:1 failed \((UNAVAILABLE|DEADLINE_EXCEEDED)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

test('(plexus.batch) and missing imports are read from descriptors sent by reflection', async () => {
  const FileDescriptorProto = optionsAwareDescriptor();
  const encode = (file: Record<string, unknown>) => FileDescriptorProto.encode(FileDescriptorProto.fromObject(file)).finish();
  const STRING = 9;
  const MESSAGE = 11;
  const REPEATED = 3;
  const OPTIONAL = 1;
  const files = {
    'items/item.proto': encode({
      name: 'items/item.proto',
      package: 'items.v1',
      syntax: 'proto3',
      // This server never sends the well-known files; Plexus has its own.
      dependency: ['google/protobuf/timestamp.proto'],
      messageType: [
        {
          name: 'Item',
          field: [
            { name: 'owner_id', jsonName: 'ownerId', number: 1, label: OPTIONAL, type: STRING },
            { name: 'label', jsonName: 'title', number: 2, label: OPTIONAL, type: STRING },
            { name: 'made_at', jsonName: 'madeAt', number: 3, label: OPTIONAL, type: MESSAGE, typeName: '.google.protobuf.Timestamp' },
          ],
        },
      ],
    }),
    'items/service.proto': encode({
      name: 'items/service.proto',
      package: 'items.v1',
      syntax: 'proto3',
      dependency: ['items/item.proto', 'plexus/options.proto'],
      messageType: [
        { name: 'ByOwnersRequest', field: [{ name: 'owner_ids', number: 1, label: REPEATED, type: STRING }] },
        { name: 'ItemsResponse', field: [{ name: 'items', number: 1, label: REPEATED, type: MESSAGE, typeName: '.items.v1.Item' }] },
      ],
      service: [
        {
          name: 'ItemService',
          method: [
            {
              name: 'ListItemsByOwners',
              inputType: '.items.v1.ByOwnersRequest',
              outputType: '.items.v1.ItemsResponse',
              options: { '.plexus.batch': { argument: 'owner_ids', key: 'owner_id' } },
            },
          ],
        },
      ],
    }),
  };
  const server = await startDescriptorServer(['items.v1.ItemService'], files, { 'items.v1.ItemService': 'items/service.proto' });
  servers.push(server);
  const source = await mustLoad(await reflectedProject(server.url), 'kitchen');
  expect(source.operations).toEqual([
    { name: 'ListItemsByOwners', rootType: 'Query', field: 'listItemsByOwners', batch: { argument: 'ownerIds', key: 'ownerId' } },
  ]);
  expect(String(source.schema.getQueryType()!.getFields()['listItemsByOwners']!.type)).toBe('[ItemsV1Item!]');
  expect(fieldTypes(source.schema.getType('ItemsV1Item'))).toEqual({ ownerId: 'String!', title: 'String!', madeAt: 'DateTime' });
  await source.close();
});
