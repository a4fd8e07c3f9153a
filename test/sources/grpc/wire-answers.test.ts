import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startRawGrpcServer, type RawGrpcServer } from './support/raw-server.js';

// Answers as the gateway reads them from the wire, from a server that sends exactly the bytes the
// test gives it: a valid answer reads whole, a cut or malformed one is the source's error.

const PROTO = `
syntax = "proto3";
package wire.v1;
import "google/protobuf/timestamp.proto";
message Item { string id = 1; int64 total = 2; google.protobuf.Timestamp at = 3; repeated sint32 deltas = 4; }
message ListItemsRequest {}
message ListItemsResponse { repeated Item items = 1; }
service ItemService { rpc ListItems(ListItemsRequest) returns (ListItemsResponse); }
`;

const GOOGLE_PROTOS = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
const root = protobuf.parse(PROTO, new protobuf.Root(), { keepCase: true }).root;
root.loadSync(join(GOOGLE_PROTOS, 'google/protobuf/timestamp.proto'), { keepCase: true });
const Response = root.lookupType('wire.v1.ListItemsResponse');
const VALID = Buffer.from(
  Response.encode(
    Response.fromObject({
      items: [
        { id: 'a', total: '9007199254740993', at: { seconds: 1_700_000_000, nanos: 5_000_000 }, deltas: [-1, 2] },
        { id: 'b', total: '-42' },
      ],
    }),
  ).finish(),
);

let answer = VALID;
let server: RawGrpcServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  server = await startRawGrpcServer([{ path: '/wire.v1.ItemService/ListItems', responseStream: false, answer: () => answer }]);
  project = await tempProject({
    'sources/items/source.yaml': `kind: grpc\nendpoint: ${server.url}\nschema: items.proto\n`,
    'sources/items/items.proto': PROTO,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
});

afterAll(async () => {
  await gateway?.close();
  await project?.remove();
  await server?.close();
});

const QUERY = '{ listItems { items { id total at deltas } } }';

test('a valid answer reads whole: 64-bit integers as text, timestamps in RFC 3339, zigzag lists', async () => {
  answer = VALID;
  const { body } = await gateway.query(QUERY);
  expect(body).toEqual({
    data: {
      listItems: {
        items: [
          { id: 'a', total: '9007199254740993', at: '2023-11-14T22:13:20.005Z', deltas: [-1, 2] },
          { id: 'b', total: '-42', at: null, deltas: [] },
        ],
      },
    },
  });
});

test.each([
  ['cut inside a string', VALID.subarray(0, 5)],
  ['cut inside a nested message', VALID.subarray(0, VALID.length - 3)],
  ['a wire type that does not exist', Buffer.from([0x0f])],
  ['a varint longer than ten bytes', Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
])('an answer %s is the source error, and the next valid answer reads', async (_name, bytes) => {
  answer = bytes;
  const { body } = await gateway.query(QUERY);
  expect(body.data).toEqual({ listItems: null });
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]).toMatchObject({ path: ['listItems'], extensions: { code: 'UPSTREAM_ERROR', source: 'items' } });
  expect(body.errors![0]!.message).toContain('not a valid');
  answer = VALID;
  expect((await gateway.query(QUERY)).body.data).toMatchObject({ listItems: { items: [{ id: 'a' }, { id: 'b' }] } });
});
