import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand, type PlanOptions } from '../../src/cli/plan.js';
import { runCli } from '../helpers/cli.js';
import { demoProject } from '../helpers/demo-project.js';
import type { TempProject } from '../helpers/fixtures.js';

// `plexus plan` over a copy of the demo: composed offline (no demo service runs here), the
// document validated against the composed schema, the plan printed as text or JSON.

const FAN_OUT = '{ users(limit: 50) { id name orders { id product { id name } } } }\n';

let project: TempProject;

beforeAll(async () => {
  project = await demoProject({
    files: {
      'fan-out.graphql': FAN_OUT,
      'two.graphql': 'query Users { users { id } }\nquery Products { products { id } }\n',
      'invalid.graphql': '{\n  users {\n    id\n    nickname\n  }\n}\n',
      'conditional.graphql': 'query Conditional($withOrders: Boolean!) { users { id orders @include(if: $withOrders) { id } } }\n',
      'introspection.graphql': '{ __schema { queryType { name } } }\n',
      'root-batch.graphql': '{ first: user(id: "1") { name } second: user(id: "2") { name } }\n',
    },
  });
});
afterAll(() => project?.remove());

const plan = (...args: string[]) => runCli(['plan', ...args], project.dir);

/** The command in this process (faster than a child): its JSON output, parsed. */
async function planJson(file: string, options: Partial<PlanOptions> = {}): Promise<Described> {
  let out = '';
  await planCommand(file, { sources: 'sources', schemas: 'schemas', json: true, ...options }, project.dir, (line) => (out += line));
  return JSON.parse(out) as Described;
}

interface Described {
  fetches: Array<{
    id: number;
    kind: string;
    source: string;
    level: number;
    dependsOn: number[];
    link?: string;
    answers: string[];
    keys?: Array<{ path: string; key: string }>;
    upstreamCalls: string;
  }>;
}

describe('plexus plan', () => {
  it('prints the fan-out as three fetches: users, then orders waiting for users, then products waiting for orders', async () => {
    const result = await plan('fan-out.graphql');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const headers = result.stdout.split('\n').filter((line) => line.startsWith('['));
    expect(headers).toEqual([
      '[0] root call from users, level 0',
      '[1] keyed fetch from orders, level 1, after [0]',
      '[2] keyed fetch from products, level 2, after [1]',
    ]);
    expect(result.stdout).toContain('query: 3 fetches in 3 levels');
    expect(result.stdout).toContain('keys:     id of users\n');
    expect(result.stdout).toContain('keys:     productId of users.orders\n');
    expect(result.stdout).toContain('_plexusItems: productsByIds(ids: $_plexusKeys)');
  });

  it('--json prints the same plan as parseable JSON', async () => {
    const result = await plan('fan-out.graphql', '--json');
    expect(result.code).toBe(0);
    const described = JSON.parse(result.stdout) as Described;
    expect(described.fetches.map(({ id, kind, source, level, dependsOn, link, keys }) => ({ id, kind, source, level, dependsOn, link, keys }))).toEqual([
      { id: 0, kind: 'localRoot', source: 'users', level: 0, dependsOn: [], link: undefined, keys: undefined },
      { id: 1, kind: 'keyed', source: 'orders', level: 1, dependsOn: [0], link: 'User.orders', keys: [{ from: 'parents', path: 'users', key: 'id' }] },
      {
        id: 2,
        kind: 'keyed',
        source: 'products',
        level: 2,
        dependsOn: [1],
        link: 'Order.product',
        keys: [{ from: 'parents', path: 'users.orders', key: 'productId' }],
      },
    ]);
    expect(described.fetches[0]!.upstreamCalls).toBe('1 call');
    expect(described.fetches[1]!.upstreamCalls).toMatch(/^1 call per \d+ keys$/);
    // products is a GraphQL source: every chunk of keys goes in one document.
    expect(described.fetches[2]!.upstreamCalls).toBe('1 call');
  });

  it('needs --operation for a document of several operations, and names them', async () => {
    const result = await plan('two.graphql');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('two.graphql holds 2 operations (Users, Products): pick one with --operation NAME');
    expect((await planJson('two.graphql', { operation: 'Products' })).fetches.map((fetch) => fetch.source)).toEqual(['products']);
    await expect(planJson('two.graphql', { operation: 'Orders' })).rejects.toThrow(
      'two.graphql has no operation named Orders; its operations: Users, Products',
    );
  });

  it('refuses an invalid document with file:line:column', async () => {
    const result = await plan('invalid.graphql');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('invalid.graphql:4:5: Cannot query field "nickname" on type "User"');
    expect(result.stderr).not.toContain('    at ');
  });

  it('decides @include with --variables, and asks for required variables', async () => {
    expect((await planJson('conditional.graphql', { variables: '{"withOrders": true}' })).fetches).toHaveLength(2);
    expect((await planJson('conditional.graphql', { variables: '{"withOrders": false}' })).fetches).toHaveLength(1);
    await expect(planJson('conditional.graphql')).rejects.toThrow('"$withOrders" of required type "Boolean!" was not provided');
    await expect(planJson('conditional.graphql', { variables: '[true]' })).rejects.toThrow('--variables: expected a JSON object');
  });

  it('names the root fields batched into one keyed fetch', async () => {
    const [fetch, ...others] = (await planJson('root-batch.graphql')).fetches;
    expect(others).toEqual([]);
    expect(fetch).toMatchObject({
      kind: 'keyed',
      source: 'users',
      link: 'Query.user',
      keys: [{ from: 'argument', path: 'first|second', key: 'id' }],
      answers: ['first', 'second'],
    });
  });

  it('says why an operation is not planned, and exits 0', async () => {
    const result = await plan('introspection.graphql');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('not planned: introspection runs on the standard executor');
  });
});
