import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, expect, test } from 'vitest';
import { servicesOf } from '../../../src/sources/grpc/operations.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { mustLoad } from './support/source.js';

const require = createRequire(import.meta.url);
const GOOGLE_PROTOS = dirname(require.resolve('google-proto-files/package.json'));
const HEALTH_PROTOS = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto');
const REFLECTION_PROTOS = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');

// Real, published APIs: unary and server-streaming RPCs, client/bidi streams, maps, oneofs,
// well-known types, google.api annotations and resource options, long-running operations.
const PROTOS: [root: string, file: string][] = [
  ...[
    'google/pubsub/v1/pubsub.proto',
    'google/longrunning/operations.proto',
    'google/cloud/language/v1/language_service.proto',
    'google/firestore/v1/firestore.proto',
    'google/spanner/v1/spanner.proto',
    'google/bigtable/v2/bigtable.proto',
    'google/datastore/v1/datastore.proto',
    'google/logging/v2/logging.proto',
    'google/cloud/kms/v1/service.proto',
    'google/iam/v1/iam_policy.proto',
    'google/cloud/speech/v1/cloud_speech.proto',
    'google/cloud/translate/v3/translation_service.proto',
    'google/storage/v2/storage.proto',
    'google/cloud/tasks/v2/cloudtasks.proto',
    'google/monitoring/v3/metric_service.proto',
    'google/cloud/secretmanager/v1/service.proto',
  ].map((file): [string, string] => [GOOGLE_PROTOS, file]),
  [HEALTH_PROTOS, 'health/v1/health.proto'],
  [REFLECTION_PROTOS, 'grpc/reflection/v1/reflection.proto'],
  [REFLECTION_PROTOS, 'grpc/reflection/v1alpha/reflection.proto'],
];

const projects: TempProject[] = [];
afterAll(async () => {
  for (const project of projects) await project.remove();
});

/** The RPCs of the services declared in `file`, read with protobufjs alone. */
function rpcsOf(root: string, file: string): protobuf.Method[] {
  const parsed = new protobuf.Root();
  parsed.resolvePath = (_origin, target) => join(target.startsWith('google/protobuf/') ? GOOGLE_PROTOS : root, target);
  parsed.loadSync(file, { keepCase: true });
  return servicesOf(parsed)
    .filter((service) => service.filename === join(root, file))
    .flatMap((service) => service.methodsArray);
}

test.each(PROTOS.map(([root, file]) => ({ root, file })))('$file loads, with a root field for every unary and server-streaming RPC', async ({ root, file }) => {
  const project = await tempProject({
    'sources/api/source.yaml': `kind: grpc\nendpoint: grpc://127.0.0.1:1\nschema: ${file}\nincludeDirs: [${JSON.stringify(root)}]\n`,
  });
  projects.push(project);
  await cp(join(root, file), join(project.sourcesDir, 'api', file));
  const source = await mustLoad(project, 'api', { mode: 'compose' });
  const rpcs = rpcsOf(root, file);
  const mapped = rpcs.filter((rpc) => !rpc.requestStream);
  expect(source.operations.map((operation) => operation.name.replace(/^.*\//, '')).sort()).toEqual(mapped.map((rpc) => rpc.name).sort());
  for (const operation of source.operations) {
    const type =
      operation.rootType === 'Query'
        ? source.schema.getQueryType()
        : operation.rootType === 'Mutation'
          ? source.schema.getMutationType()
          : source.schema.getSubscriptionType();
    expect(type?.getFields()[operation.field], `${operation.rootType}.${operation.field}`).toBeDefined();
  }
  for (const rpc of mapped.filter((candidate) => candidate.responseStream)) {
    expect(source.operations.find((operation) => operation.name.endsWith(rpc.name))?.rootType).toBe('Subscription');
  }
  expect(source.warnings).toHaveLength(rpcs.length - mapped.length);
  for (const warning of source.warnings) expect(warning).toMatchObject({ file: `sources/api/${file}`, line: expect.any(Number) });
  await source.close();
});

test('the public protos are enough to be a real test', () => {
  expect(PROTOS.length).toBeGreaterThanOrEqual(10);
});
