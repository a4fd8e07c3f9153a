import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, expect, test } from 'vitest';
import { servicesOf } from '../../../src/sources/grpc/operations.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { mustLoad } from './support/source.js';
import { GOOGLE_PROTOS, PUBLIC_PROTOS } from './support/public-protos.js';

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

test.each(PUBLIC_PROTOS.map(([root, file]) => ({ root, file })))(
  '$file loads, with a root field for every unary and server-streaming RPC',
  async ({ root, file }) => {
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
  },
);

test('the public protos are enough to be a real test', () => {
  expect(PUBLIC_PROTOS.length).toBeGreaterThanOrEqual(10);
});
