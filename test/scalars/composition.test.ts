import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScalarType, type GraphQLSchema } from 'graphql';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOffline } from '../../src/compose/build.js';
import { checkCommand } from '../../src/cli/check.js';
import type { TempProject } from '../helpers/fixtures.js';
import { startScalarGateway, startScalarServices, upstreamRequests, type ScalarServices } from './support.js';

let services: ScalarServices;
beforeAll(async () => {
  services = await startScalarServices();
});
afterAll(() => services.close());

const compose = (project: TempProject) => buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });

const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Description and specification of every scalar of a schema that GraphQL does not define itself. */
function scalars(schema: GraphQLSchema): Record<string, string> {
  const found: Record<string, string> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (isScalarType(type) && !BUILT_IN.has(type.name)) found[type.name] = `${type.description} (${type.specifiedByURL})`;
  }
  return found;
}

describe('one scalar for one concept, whatever the sources', () => {
  it('a 64-bit integer is Int64 whether it comes from OpenAPI or gRPC', async () => {
    const { schema } = await compose(await services.project());
    expect(schema.getType('BigInt')).toBeUndefined();
    expect(String((schema.getType('Pet') as any).getFields().id.type)).toBe('Int64');
    expect(String((schema.getType('KitchenV1Everything') as any).getFields().i64.type)).toBe('Int64!');
  });

  it('adding a source never changes the description of a scalar clients already use', async () => {
    const project = await services.project();
    const only = async (...names: string[]) => {
      for (const name of ['shop', 'kitchen', 'timeline'].filter((source) => !names.includes(source)))
        await rm(join(project.sourcesDir, name), { recursive: true, force: true });
      return scalars((await compose(project)).schema);
    };
    const all = scalars((await compose(project)).schema);
    // The timeline service describes its DateTime in its own words; the gateway keeps the shared ones.
    await project.write({
      'sources/timeline/schema.graphql':
        '"""When something happens, as this service puts it."""\nscalar DateTime\ntype Query { eventsSince(at: DateTime!): [String!]! }\n',
    });
    expect(scalars((await compose(project)).schema)).toEqual(all);
    expect(await only('shop', 'kitchen')).toEqual(all);
    expect(await only('kitchen')).toEqual(all);
    expect(all['DateTime']).toBe('A point in time as an RFC 3339 string, e.g. 2024-05-01T12:00:00Z. (https://www.rfc-editor.org/rfc/rfc3339)');
    expect(all['Int64']).toBe(
      'A 64-bit integer. Sent as a decimal string so that no digit is lost; accepted as a string or an Int. (https://protobuf.dev/programming-guides/json/)',
    );
  });

  it("a GraphQL source's scalar of a shared name is the shared scalar, and plexus check says so unless it cites the same specification", async () => {
    const project = await services.project();
    const note =
      "sources/timeline/schema.graphql:1: scalar DateTime is the gateway's shared DateTime (A point in time as an RFC 3339 string, e.g. 2024-05-01T12:00:00Z): " +
      'values it refuses never reach source "timeline". If the service means the same, add @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339") to its definition';
    const lines: string[] = [];
    expect(await checkCommand({ sources: 'sources', schemas: 'schemas' }, project.dir, (line) => (lines.push(line), true))).toBe(0);
    expect(lines).toContain(`  ${note}`);
    await project.write({
      'sources/timeline/schema.graphql':
        'scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")\ntype Query { eventsSince(at: DateTime!): [String!]! }\n',
    });
    expect((await compose(project)).warnings.filter((warning) => warning.message.includes('shared'))).toEqual([]);
  });
});

describe.each([true, false])('prefix never renames the shared scalars (planner: %s)', (planner) => {
  it('keeps DateTime and Int64, and still refuses a bad value before the prefixed source is called', async () => {
    const gateway = await startScalarGateway(services, planner, 'prefix: Shop\n');
    try {
      const { body: types } = await gateway.query(
        '{ pet: __type(name: "ShopPet") { fields { name type { name ofType { name } } } } renamed: __type(name: "ShopInt64") { name } }',
      );
      expect(types.data.renamed).toBeNull();
      expect(types.data.pet.fields.map((field: any) => `${field.name}: ${field.type.name ?? field.type.ofType.name}`)).toEqual([
        'id: Int64',
        'name: String',
        'born: DateTime',
      ]);
      const calls = services.calls();
      const counted = await upstreamRequests(gateway);
      const bad = await gateway.query('query ($id: Int64!) { shopPet(id: $id) { name } }', { id: 'abc' });
      expect(bad.status).toBe(400);
      expect(bad.body.data).toBeUndefined();
      expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(services.calls()).toBe(calls);
      expect(await upstreamRequests(gateway)).toBe(counted);
      const good = await gateway.query('query ($id: Int64!) { shopPet(id: $id) { id born } }', { id: '9007199254740993' });
      expect(good.body).toEqual({ data: { shopPet: { id: '9007199254740993', born: '2024-05-01T12:00:00Z' } } });
      expect(services.shop.at(-1)!.url).toBe('/pets/9007199254740993');
    } finally {
      await gateway.close();
    }
  });
});
