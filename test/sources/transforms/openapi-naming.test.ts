import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { document, getJson, json, startRestHarness, type RestHarness } from '../openapi/support.js';

// A snake_case REST service under naming conventions, a type pattern and a filter: clients see
// camelCase fields, UPPER_CASE enum values and the new type names; the service still receives and
// sends its own property names and enum values.

const record = {
  type: 'object',
  required: ['account_id'],
  properties: {
    account_id: { type: 'string' },
    display_name: { type: 'string' },
    account_state: { $ref: '#/components/schemas/account_state' },
    home_address: { type: 'object', properties: { street_name: { type: 'string' } } },
  },
};
const answers = { content: { 'application/json': { schema: { $ref: '#/components/schemas/account_record' } } } };
const OPENAPI = document(
  {
    '/accounts/{account_id}': getJson(
      'get_account',
      { $ref: '#/components/schemas/account_record' },
      { parameters: [{ name: 'account_id', in: 'path', required: true, schema: { type: 'string' } }] },
    ),
    '/accounts': {
      post: {
        operationId: 'create_account',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/account_input' } } } },
        responses: { '200': { description: 'ok', ...answers } },
      },
    },
    '/internal_stats': getJson('internal_stats', { type: 'object', properties: { open_count: { type: 'integer' } } }),
  },
  {
    account_state: { type: 'string', enum: ['active-now', 'closed_for_good'] },
    account_record: record,
    account_input: { type: 'object', properties: { display_name: { type: 'string' }, account_state: { $ref: '#/components/schemas/account_state' } } },
  },
);
const TRANSFORMS = `transforms:
  naming: { fields: camelCase, enumValues: UPPER_CASE }
  rename: { types: { "^Account(.*)$": "Member$1" } }
  filter: { exclude: ["Query.internal*"] }
`;

let harness: RestHarness;

beforeAll(async () => {
  harness = await startRestHarness(
    OPENAPI,
    (request, res) => {
      if (request.method === 'GET' && request.url === '/accounts/7')
        return json(res, 200, { account_id: '7', display_name: 'Ada', account_state: 'active-now', home_address: { street_name: 'Main' } });
      if (request.method === 'POST' && request.url === '/accounts') return json(res, 200, { account_id: '8', ...JSON.parse(request.body.toString('utf8')) });
      json(res, 404, { message: 'no' });
    },
    TRANSFORMS,
  );
});
afterAll(async () => {
  await harness?.close();
});

describe('naming conventions over a snake_case OpenAPI service', () => {
  it('reads the service answer under the new names', async () => {
    const { body } = await harness.gateway.query(
      '{ getAccount(account_id: "7") { __typename accountId displayName accountState homeAddress { streetName } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.getAccount).toEqual({
      __typename: 'MemberRecord',
      accountId: '7',
      displayName: 'Ada',
      accountState: 'ACTIVE_NOW',
      homeAddress: { streetName: 'Main' },
    });
  });

  it('sends input fields and enum values in the service own names, from literals and from variables', async () => {
    const seen = harness.seen.length;
    const literal = await harness.gateway.query(
      'mutation { createAccount(input: { displayName: "Bo", accountState: CLOSED_FOR_GOOD }) { accountId displayName accountState } }',
    );
    expect(literal.body.errors).toBeUndefined();
    expect(literal.body.data.createAccount).toEqual({ accountId: '8', displayName: 'Bo', accountState: 'CLOSED_FOR_GOOD' });
    const variables = await harness.gateway.query('mutation ($input: MemberInputInput!) { createAccount(input: $input) { accountState } }', {
      input: { displayName: 'Cy', accountState: 'ACTIVE_NOW' },
    });
    expect(variables.body.data.createAccount).toEqual({ accountState: 'ACTIVE_NOW' });
    const bodies = harness.seen.slice(seen).map((request) => JSON.parse(request.body.toString('utf8')));
    expect(bodies).toEqual([
      { display_name: 'Bo', account_state: 'closed_for_good' },
      { display_name: 'Cy', account_state: 'active-now' },
    ]);
  });

  it('leaves excluded root fields out of the schema: asking for one is a validation error that reaches no service', async () => {
    const seen = harness.seen.length;
    const { body } = await harness.gateway.query('{ internalStats { openCount } }');
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/Cannot query field "internalStats" on type "Query"/);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(harness.seen.length).toBe(seen);
    const types = await harness.gateway.query('{ account: __type(name: "AccountRecord") { name } stats: __type(name: "InternalStats") { name } }');
    expect(types.body.data).toEqual({ account: null, stats: null });
  });
});
