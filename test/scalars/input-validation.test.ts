import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { startScalarGateway, startScalarServices, upstreamRequests, type ScalarServices } from './support.js';

let services: ScalarServices;
beforeAll(async () => {
  services = await startScalarServices();
});
afterAll(() => services.close());

describe.each([
  ['the query planner', true],
  ['the standard executor', false],
])('with %s, a value a scalar refuses is a request error and reaches no service', (_executor, planner) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startScalarGateway(services, planner);
  });
  afterAll(() => gateway.close());

  /** Sends the request and checks it was refused before any call: HTTP 400, BAD_USER_INPUT, no data. */
  async function refused(query: string, variables?: Record<string, unknown>): Promise<{ message: string; locations?: unknown }> {
    const calls = services.calls();
    const counted = await upstreamRequests(gateway);
    const { status, body } = await gateway.query(query, variables);
    expect(body.data).toBeUndefined();
    expect(body.errors.map((error: { extensions: unknown }) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT' }]);
    expect(status).toBe(400);
    expect(services.calls()).toBe(calls);
    expect(await upstreamRequests(gateway)).toBe(counted);
    return body.errors[0];
  }

  it('an Int64 path parameter given "abc" or an object (the service saw GET /pets/abc and GET /pets/x,1)', async () => {
    const query = 'query ($id: Int64!) { pet(id: $id) { name } }';
    expect((await refused(query, { id: 'abc' })).message).toBe(
      'Variable "$id" got invalid value "abc"; Int64 cannot represent "abc": expected an integer from -9223372036854775808 to 9223372036854775807, as a string or an Int',
    );
    expect((await refused(query, { id: { x: 1 } })).message).toMatch(/^Variable "\$id" got invalid value \{ x: 1 \}; Int64 cannot represent \{"x":1\}/);
    expect(await refused('{ pet(id: "abc") { name } }')).toEqual({
      message: 'Int64 cannot represent "abc": expected an integer from -9223372036854775808 to 9223372036854775807, as a string or an Int',
      locations: [{ line: 1, column: 11 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('a gRPC Duration given "abc" (it was INTERNAL_SERVER_ERROR)', async () => {
    const variable = await refused('mutation ($took: Duration) { echo(took: $took) { took } }', { took: 'abc' });
    expect(variable).toMatchObject({ message: expect.stringContaining('Duration cannot represent "abc"'), locations: [{ line: 1, column: 11 }] });
    expect((await refused('mutation { echo(took: "abc") { took } }')).locations).toEqual([{ line: 1, column: 23 }]);
  });

  it.each([
    ['Int64', 'i64', '"12x"', '1.5'],
    ['UInt64', 'u64', '"-1"', '-1'],
    ['UInt32', 'u32', 4294967296, '"7"'],
    ['DateTime', 'at', '2023-02-29T00:00:00Z', '"yesterday"'],
    ['Duration', 'took', '5 minutes', '60'],
    ['Bytes', 'raw', 'not base64!', '"***"'],
    ['FieldMask', 'mask', 'a,,b', '"a b"'],
  ])('every shared scalar: %s, as a variable and as a literal', async (scalar, argument, variable, literal) => {
    await refused(`mutation ($value: ${scalar}) { echo(${argument}: $value) { text } }`, { value: variable });
    await refused(`mutation { echo(${argument}: ${literal}) { text } }`);
  });

  it('JSON: a literal JSON cannot hold (an unquoted word)', async () => {
    await refused('mutation { echo(attributes: { color: red }) { text } }');
  });

  it('inside lists and input objects', async () => {
    const list = await refused('query ($ids: [Int64!]) { pets(ids: $ids) { name } }', { ids: ['1', 'two', '3'] });
    expect(list.message).toMatch(/^Variable "\$ids" got invalid value "two" at "ids\[1\]"; Int64 cannot represent "two"/);
    const field = await refused('mutation ($pet: PetInput!) { addPet(input: $pet) { name } }', { pet: { name: 'Rex', born: 'yesterday' } });
    expect(field.message).toMatch(/^Variable "\$pet" got invalid value "yesterday" at "pet.born"; DateTime cannot represent "yesterday"/);
    await refused('mutation { addPet(input: { name: "Rex", born: "2024-13-01T00:00:00Z" }) { name } }');
    await refused('mutation ($counts: [KitchenV1Everything_CountsEntryInput!]) { echo(counts: $counts) { text } }', { counts: [{ key: 'a', value: 'many' }] });
  });

  it("a GraphQL source's scalar of a shared name is checked too", async () => {
    await refused('query ($at: DateTime!) { eventsSince(at: $at) }', { at: 'next week' });
  });

  it('answers 400 under application/graphql-response+json as well', async () => {
    const calls = services.calls();
    for (const body of [{ query: '{ pet(id: "abc") { name } }' }, { query: 'query ($id: Int64!) { pet(id: $id) { name } }', variables: { id: 'abc' } }]) {
      const response = await fetch(`${gateway.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(services.calls()).toBe(calls);
  });
});

describe.each([true, false])("valid values reach each kind of service in the scalar's written form (planner: %s)", (planner) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startScalarGateway(services, planner);
  });
  afterAll(() => gateway.close());

  it('REST: int64 digits in the path, the query and the JSON body; date-times in RFC 3339', async () => {
    const before = services.shop.length;
    const { body } = await gateway.query('query ($ids: [Int64!]) { pet(id: 9007199254740993) { id born } pets(ids: $ids) { id } }', {
      ids: [1, '9007199254740993'],
    });
    expect(body).toEqual({ data: { pet: { id: '9007199254740993', born: '2024-05-01T12:00:00Z' }, pets: [] } });
    const added = await gateway.query('mutation ($pet: PetInput!) { addPet(input: $pet) { id born } }', {
      pet: { name: 'Rex', id: '9007199254740993', born: '2024-05-01 12:00:00z' },
    });
    expect(added.body).toEqual({ data: { addPet: { id: '9007199254740993', born: '2024-05-01T12:00:00Z' } } });
    const seen = services.shop.slice(before);
    expect(seen.map((request) => request.url).sort()).toEqual(['/pets', '/pets/9007199254740993', '/pets?ids=1,9007199254740993']);
    expect(seen.find((request) => request.method === 'POST')!.body.toString()).toBe('{"id":9007199254740993,"name":"Rex","born":"2024-05-01T12:00:00Z"}');
  });

  it('gRPC: every scalar survives the round trip through the service', async () => {
    const { body } = await gateway.query(
      'mutation ($at: DateTime, $mask: FieldMask) { echo(i64: 5, u64: "18446744073709551615", u32: 4294967295, at: $at, took: "1.5s", raw: "aGk_", mask: $mask, attributes: { a: [1] }) { i64 u64 u32 at took raw mask attributes } }',
      { at: '2024-05-01T12:00:00.123456789+02:00', mask: 'name,address.city' },
    );
    expect(body).toEqual({
      data: {
        echo: {
          i64: '5',
          u64: '18446744073709551615',
          u32: 4294967295,
          at: '2024-05-01T10:00:00.123456789Z',
          took: '1.500s',
          raw: 'aGk/',
          mask: 'name,address.city',
          attributes: { a: [1] },
        },
      },
    });
  });

  it("GraphQL: the service receives the value in the shared scalar's form", async () => {
    const before = services.timelineArgs.length;
    const { body } = await gateway.query('query ($at: DateTime!) { eventsSince(at: $at) }', { at: '2024-05-01 12:00:00z' });
    expect(body).toEqual({ data: { eventsSince: ['launch'] } });
    expect(services.timelineArgs.slice(before)).toEqual([{ at: '2024-05-01T12:00:00Z' }]);
  });
});
