import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mapKeyType } from '../../../src/sources/grpc/values.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { FIXTURES, kitchenSource } from './support/kitchen.js';
import { loadProtoRoot } from './support/proto-root.js';
import { startRawGrpcServer, type RawGrpcServer } from './support/raw-server.js';

// A map of every key type, with the edge keys of each, as `maps: entries` writes it.
const ENTRIES = {
  int32Keys: [
    { key: -2147483648, value: { note: 'min', numbers: [] } },
    { key: 2147483647, value: { note: 'max', numbers: [1] } },
  ],
  int64Keys: [
    { key: '9223372036854775807', value: 'max' },
    { key: '-9223372036854775808', value: 'min' },
    { key: '0', value: 'zero' },
  ],
  uint32Keys: [
    { key: 4294967295, value: 'AQI=' },
    { key: 0, value: '' },
  ],
  uint64Keys: [
    { key: '18446744073709551615', value: 'RED' },
    { key: '1', value: 'GREEN' },
  ],
  sint32Keys: [
    { key: -1, value: 1.5 },
    { key: -2147483648, value: -0.25 },
  ],
  sint64Keys: [
    { key: '-9223372036854775808', value: '9223372036854775807' },
    { key: '-1', value: '-1' },
  ],
  fixed32Keys: [
    { key: 4294967295, value: true },
    { key: 7, value: false },
  ],
  fixed64Keys: [
    { key: '18446744073709551615', value: '2024-05-01T12:00:00Z' },
    { key: '9007199254740993', value: '1970-01-01T00:00:00Z' },
  ],
  sfixed32Keys: [{ key: -2147483648, value: 2.5 }],
  sfixed64Keys: [
    { key: '-9223372036854775808', value: '18446744073709551615' },
    { key: '9223372036854775807', value: '0' },
  ],
  boolKeys: [
    { key: true, value: 'yes' },
    { key: false, value: 'no' },
  ],
  stringKeys: [
    { key: 'ключ', value: '-9223372036854775808' },
    { key: '', value: '1' },
  ],
};
type Entry = { key: string | number | boolean; value: unknown };
const MAPS = Object.keys(ENTRIES) as (keyof typeof ENTRIES)[];

// The same maps as `maps: json` writes them: one object, keys as text.
const JSON_MAPS = Object.fromEntries(
  MAPS.map((name) => [name, Object.fromEntries((ENTRIES[name] as Entry[]).map((entry) => [String(entry.key), entry.value]))]),
);

const SELECTION = {
  entries: `{ keyed { ${MAPS.map((name) => (name === 'int32Keys' ? `${name} { key value { note numbers } }` : `${name} { key value }`)).join(' ')} } }`,
  json: `{ keyed { ${MAPS.join(' ')} } }`,
};

const root = loadProtoRoot(['kitchen.proto'], [join(FIXTURES, 'kitchen')]);
const Everything = root.lookupType('kitchen.v1.Everything');
const KeyedMaps = root.lookupType('kitchen.v1.KeyedMaps');

/** The keys a map field carries on the wire, as decimal text, read with protobufjs and long.js: what any service would see. */
function wireKeys(request: Buffer): Record<string, string[]> {
  const keyed = (Everything.decode(request) as unknown as { keyed: Record<string, Record<string, unknown>> }).keyed;
  return Object.fromEntries(
    KeyedMaps.fieldsArray.map((field) => {
      const keyType = mapKeyType(field);
      const keys = Object.keys(keyed[field.name] ?? {}).map((key) =>
        ['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64'].includes(keyType)
          ? protobuf.util.longFromHash(key, keyType === 'uint64' || keyType === 'fixed64').toString()
          : key,
      );
      return [field.name, keys.sort()];
    }),
  );
}

const sentKeys = Object.fromEntries(
  KeyedMaps.fieldsArray.map((field) => [
    field.name,
    (ENTRIES[field.name.replace(/_(\w)/g, (_, char: string) => char.toUpperCase()) as keyof typeof ENTRIES] as Entry[])
      .map((entry) => String(entry.key))
      .sort(),
  ]),
);

const byKey = (entries: Entry[]) => [...entries].sort((a, b) => String(a.key).localeCompare(String(b.key)));
const sortedEntries = (keyed: Record<string, Entry[]>) => Object.fromEntries(Object.entries(keyed).map(([name, entries]) => [name, byKey(entries)]));

let server: RawGrpcServer;
let requests: Buffer[] = [];
const disposables: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // Echo answers the very bytes it was sent: what comes back was decoded from what went out.
  server = await startRawGrpcServer([
    {
      path: '/kitchen.v1.KitchenService/Echo',
      responseStream: false,
      answer: (request) => (requests.push(request), request),
    },
  ]);
  disposables.push(() => server.close());
});

afterAll(async () => {
  for (const dispose of disposables.reverse()) await dispose();
});

async function gatewayWithMaps(maps: 'entries' | 'json'): Promise<TestGateway> {
  const project: TempProject = await tempProject();
  await kitchenSource(project, 'kitchen', `kind: grpc\nendpoint: ${server.url}\nschema: kitchen.proto\nmaps: ${maps}\n`);
  const gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  disposables.push(
    () => project.remove(),
    () => gateway.close(),
  );
  return gateway;
}

describe.each(['entries', 'json'] as const)('maps: %s', (maps) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWithMaps(maps);
  });

  test('every key type reaches the service as the key that was sent, and comes back as it was sent', async () => {
    requests = [];
    const keyed = maps === 'entries' ? ENTRIES : JSON_MAPS;
    const { body } = await gateway.query(`mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) ${SELECTION[maps]} }`, { keyed });
    expect(body.errors).toBeUndefined();
    expect(wireKeys(requests[0]!)).toEqual(sentKeys);
    if (maps === 'entries') expect(sortedEntries(body.data.echo.keyed)).toEqual(sortedEntries(ENTRIES));
    else expect(body.data.echo.keyed).toEqual(JSON_MAPS);
  });

  test('a key written twice is BAD_USER_INPUT, and no call is made', async () => {
    requests = [];
    const keyed =
      maps === 'entries'
        ? {
            int64Keys: [
              { key: '5', value: 'a' },
              { key: 5, value: 'b' },
            ],
          }
        : { int64Keys: { '5': 'a', '05': 'b' } };
    const { body } = await gateway.query('mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) { text } }', { keyed });
    expect(body.errors[0]).toMatchObject({ message: expect.stringContaining('map "int64Keys" has the key'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(requests).toEqual([]);
  });
});

describe('maps: json keys are checked like the key type', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await gatewayWithMaps('json');
  });

  test.each([
    ['int32Keys', '2147483648', 'an integer from -2147483648 to 2147483647'],
    ['uint32Keys', '-1', 'an integer from 0 to 4294967295'],
    ['int64Keys', '9223372036854775808', 'an integer from -9223372036854775808 to 9223372036854775807'],
    ['uint64Keys', 'abc', 'an integer from 0 to 18446744073709551615'],
    ['sint64Keys', '1.5', 'an integer from -9223372036854775808 to 9223372036854775807'],
    ['boolKeys', 'yes', 'true or false'],
  ])('%s refuses the key %j, before any call', async (map, key, expected) => {
    requests = [];
    const { body } = await gateway.query('mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) { text } }', { keyed: { [map]: { [key]: null } } });
    expect(body.errors[0]).toMatchObject({
      message: `map "${map}" cannot have the key ${JSON.stringify(key)}: its keys are ${expected}`,
      extensions: { code: 'BAD_USER_INPUT', source: 'kitchen' },
    });
    expect(requests).toEqual([]);
  });

  test.each([[['a']], ['a'], [7]])('a map that is not an object (%j) is BAD_USER_INPUT', async (value) => {
    requests = [];
    const { body } = await gateway.query('mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) { text } }', { keyed: { stringKeys: value } });
    expect(body.errors[0]).toMatchObject({
      message: `map "stringKeys" takes a JSON object (got ${JSON.stringify(value)})`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(requests).toEqual([]);
  });
});

describe('map values', () => {
  let json: TestGateway;
  let entries: TestGateway;
  beforeAll(async () => {
    [json, entries] = await Promise.all([gatewayWithMaps('json'), gatewayWithMaps('entries')]);
  });

  test.each([
    ['stringKeys', { a: 'abc' }, 'map "stringKeys", key "a": Int64 cannot represent "abc"'],
    ['fixed32Keys', { '1': 'false' }, 'map "fixed32Keys", key "1": Boolean cannot represent a non boolean value: "false"'],
    ['uint64Keys', { '1': 'PURPLE' }, 'map "uint64Keys", key "1": Value "PURPLE" does not exist in "KitchenV1Color" enum.'],
    ['int32Keys', { '1': { note: 1 } }, 'map "int32Keys", key "1".note: String cannot represent a non string value: 1'],
    ['int32Keys', { '1': { notes: 'x' } }, 'map "int32Keys", key "1": Field "notes" is not defined by type "KitchenV1Everything_InnerInput".'],
  ])('maps: json checks %s values as maps: entries does (%j), before any call', async (map, value, message) => {
    requests = [];
    const { body } = await json.query('mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) { text } }', { keyed: { [map]: value } });
    expect(body.errors[0]).toMatchObject({ message: expect.stringContaining(message), extensions: { code: 'BAD_USER_INPUT', source: 'kitchen' } });
    expect(requests).toEqual([]);
  });

  test.each(['json', 'entries'] as const)('maps: %s refuses a null value rather than sending "null" or 0', async (maps) => {
    requests = [];
    const stringKeys = maps === 'json' ? { a: null } : [{ key: 'a', value: null }];
    const { body } = await (maps === 'json' ? json : entries).query('mutation($keyed: KitchenV1KeyedMapsInput) { echo(keyed: $keyed) { text } }', {
      keyed: { stringKeys },
    });
    expect(body.errors[0]).toMatchObject({ message: 'map "stringKeys" has no value for the key "a"', extensions: { code: 'BAD_USER_INPUT' } });
    expect(requests).toEqual([]);
  });
});
