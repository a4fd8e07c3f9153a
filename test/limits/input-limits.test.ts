import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureInput } from '../../src/limits/input-size.js';
import { createLogger } from '../../src/logger.js';
import type { StartTestGatewayOptions, TestGateway } from '../helpers/gateway.js';
import { loadConfigFrom } from '../helpers/config.js';
import { captureLines } from '../observability/support.js';
import { startSourceProject, type SourceProject } from '../helpers/security.js';

// A recursive input type (any tree-shaped filter) and a list argument.
const SDL = `
input Node { value: String, child: Node }
type Query { depth(node: Node): Int, count(ids: [ID!]): Int }
`;
const chainLength = (node: { child?: unknown } | undefined): number => (node ? 1 + chainLength(node.child as never) : 0);

let api: SourceProject;

beforeAll(async () => {
  api = await startSourceProject(SDL, {
    Query: {
      depth: (_: unknown, { node }: { node?: { child?: unknown } }) => chainLength(node),
      count: (_: unknown, { ids }: { ids?: string[] }) => ids?.length ?? 0,
    },
  });
});

afterAll(() => api.close());

const gatewayWith = (options?: Partial<StartTestGatewayOptions>) => api.gateway(options);
const upstreamCalls = () => api.upstream.queries.length;

/** `{"child":{"child":…{"value":"leaf"}…}}` with `levels` objects, written by hand: JSON.stringify would overflow. */
const nestedNode = (levels: number) => `${'{"child":'.repeat(levels - 1)}{"value":"leaf"}${'}'.repeat(levels - 1)}`;

async function postRaw(gateway: TestGateway, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const DEPTH = 'query ($node: Node) { depth(node: $node) }';
const COUNT = 'query ($ids: [ID!]) { count(ids: $ids) }';

describe('input nesting (limits.maxInputDepth)', () => {
  it('refuses a variable nested 10,000 levels deep with 400 BAD_USER_INPUT: no stack, no error log, no upstream call', async () => {
    const logs = captureLines();
    const gateway = await gatewayWith({ logger: createLogger({ level: 'info' }, logs.stream) });
    const calls = upstreamCalls();
    const answer = await postRaw(gateway, `{"query":${JSON.stringify(DEPTH)},"variables":{"node":${nestedNode(10_000)}}}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [
        {
          message: 'Variable "$node" is nested more than 128 levels deep (limits.maxInputDepth)',
          extensions: { code: 'BAD_USER_INPUT', limit: 'maxInputDepth' },
        },
      ],
    });
    expect(answer.text).not.toMatch(/stack|RangeError|at /);
    expect(upstreamCalls()).toBe(calls);
    expect(logs.records().filter((record) => (record['level'] as number) >= 50)).toEqual([]);
    expect(await gateway.metric('plexus_query_rejected_total', { limit: 'maxInputDepth' })).toBe(1);
  });

  it('refuses deeply nested extensions the same way', async () => {
    const gateway = await gatewayWith();
    const calls = upstreamCalls();
    const answer = await postRaw(gateway, `{"query":"{ count }","extensions":{"trace":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`);
    expect(answer.status).toBe(400);
    expect(upstreamCalls()).toBe(calls);
    expect(JSON.parse(answer.text).errors[0]).toMatchObject({
      message: 'Extension "trace" is nested more than 128 levels deep (limits.maxInputDepth)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('passes a variable exactly as deep as the limit on to the source', async () => {
    const gateway = await gatewayWith();
    const answer = await postRaw(gateway, `{"query":${JSON.stringify(DEPTH)},"variables":{"node":${nestedNode(128)}}}`);
    expect(JSON.parse(answer.text)).toEqual({ data: { depth: 128 } });
    const refused = await postRaw(gateway, `{"query":${JSON.stringify(DEPTH)},"variables":{"node":${nestedNode(129)}}}`);
    expect(refused.status).toBe(400);
  });

  it('refuses a deep variable before the response cache keys it', async () => {
    const gateway = await gatewayWith({ config: { cache: { ttl: '1m' } } });
    // 30,000 levels in under 64 KB: small enough for the cache's fast path to read and key it.
    const answer = await postRaw(gateway, `{"query":${JSON.stringify(COUNT)},"variables":{"ids":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'maxInputDepth' });
  });

  it('is measured without recursion', () => {
    let deep: unknown = [];
    for (let level = 1; level < 100_000; level++) deep = [deep];
    expect(measureInput(deep, 200)).toEqual({ depth: 201, listItems: 201 });
    expect(measureInput({ a: [1, [2, 3]], b: { c: [] } }, 10)).toEqual({ depth: 3, listItems: 4 });
  });
});

describe('list elements in the operation cost (limits.listItemCost)', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => String(index));

  it('refuses 100,000 ids in a variable as QUERY_TOO_COMPLEX before any upstream call', async () => {
    const gateway = await gatewayWith();
    const calls = upstreamCalls();
    const { body } = await gateway.query(COUNT, { ids: ids(100_000) });
    expect(body).toEqual({
      errors: [
        {
          message: 'Query Cost limit of 5000 exceeded, found 100001 (each list item in variables and arguments costs 1).',
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
        },
      ],
    });
    expect(upstreamCalls()).toBe(calls);
    expect(await gateway.metric('plexus_query_rejected_total', { limit: 'maxCost' })).toBe(1);
  });

  it('answers a list of a few hundred ids', async () => {
    const gateway = await gatewayWith();
    expect((await gateway.query(COUNT, { ids: ids(500) })).body).toEqual({ data: { count: 500 } });
  });

  it('prices list elements written in the operation too', async () => {
    const gateway = await gatewayWith({ config: { limits: { maxCost: 20 } } });
    const literal = (count: number) =>
      `{ count(ids: [${ids(count)
        .map((id) => `"${id}"`)
        .join(', ')}]) }`;
    expect((await gateway.query(literal(19))).body).toEqual({ data: { count: 19 } });
    expect((await gateway.query(literal(20))).body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Query Cost limit of 20 exceeded, found 21 /),
      extensions: { limit: 'maxCost' },
    });
  });

  it('charges the rate limit the same total, and nothing for a refused list', async () => {
    const gateway = await gatewayWith({ config: { rateLimit: { points: 10_000, window: '1h' } } });
    const remaining = async (count: number) => {
      const response = await fetch(`${gateway.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: COUNT, variables: { ids: ids(count) } }),
      });
      return { body: await response.json(), remaining: /r=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1] };
    };
    // `count` is a scalar field (1) with 1,000 ids at 1 each.
    expect(await remaining(1000)).toEqual({ body: { data: { count: 1000 } }, remaining: '8999' });
    const refused = await remaining(100_000);
    expect(refused.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.remaining).toBeUndefined();
    expect((await remaining(0)).remaining).toBe('8998');
  });

  it('reads both limits from the environment', async () => {
    const config = await loadConfigFrom(undefined, { PLEXUS_LIMITS_MAX_INPUT_DEPTH: '32', PLEXUS_LIMITS_LIST_ITEM_COST: '0.5' });
    expect(config.limits).toMatchObject({ maxInputDepth: 32, listItemCost: 0.5 });
  });
});
