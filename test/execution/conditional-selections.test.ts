import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperationAST, parse, print } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { decideConditions } from '../../src/execution/conditional-selections.js';
import { startDemoGateway } from '../helpers/demo-project.js';

const decide = (source: string, variables: Record<string, unknown>) => {
  const document = parse(source);
  const decided = decideConditions(document, getOperationAST(document)!, variables);
  return decided && print(decided);
};

describe('deciding @skip and @include before execution', () => {
  it('removes what the conditions exclude and drops the directives of what they keep', () => {
    expect(decide('query($v: Boolean!) { a @skip(if: $v) a b @include(if: $v) c @skip(if: false) }', { v: true })).toBe(
      print(parse('query($v: Boolean!) { a b c }')),
    );
  });

  it('reads defaults, decides fragments, and leaves a set it would empty as written', () => {
    const decided = decide('query($v: Boolean = true) { x { a @skip(if: $v) } ...F } fragment F on Query { y @include(if: $v) z @skip(if: $v) }', {});
    expect(decided).toBe(print(parse('query($v: Boolean = true) { x { a @skip(if: $v) } ...F } fragment F on Query { y }')));
  });

  it('decides nothing when a condition is not a Boolean: execution refuses those variables', () => {
    expect(decide('query($v: Boolean!) { a @skip(if: $v) a }', { v: 'yes' })).toBeUndefined();
  });
});

describe.each([true, false])('a key selected twice, once under a condition (planner: %s)', (planner) => {
  let demo: DemoServices;
  let gateway: Awaited<ReturnType<typeof startDemoGateway>>;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env, config: { execution: { planner } } });
  });
  afterAll(async () => {
    await gateway?.close();
    await demo?.close();
  });

  // The skipped selection must not take its twin's place in the call to the GraphQL source.
  it.each([
    ['products', 'query($v: Boolean!) { products(first: 2) { name @skip(if: $v) name } }', 'query { products(first: 2) { name } }'],
    [
      'inventory',
      'query($v: Boolean!) { stocks(productIds: ["1", "2"]) { warehouse @skip(if: $v) warehouse } }',
      'query { stocks(productIds: ["1", "2"]) { warehouse } }',
    ],
    [
      'a fragment spread twice, once skipped',
      'query($v: Boolean!) { products(first: 2) { ...P @skip(if: $v) ...P } } fragment P on Product { id name }',
      'query { products(first: 2) { id name } }',
    ],
  ])('%s: answers as if the skipped selection were not there', async (_name, query, plain) => {
    const [conditional, expected] = await Promise.all([gateway.query(query, { v: true }), gateway.query(plain)]);
    expect(expected.body.errors).toBeUndefined();
    expect(conditional).toEqual(expected);
  });
});
