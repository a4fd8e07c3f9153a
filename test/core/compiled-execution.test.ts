import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, createYoga } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import { useCompiledExecution } from '../../src/plugins/useCompiledExecution.js';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('useCompiledExecution', () => {
  it('compiles per schema: after a schema swap the same document runs on the new schema', async () => {
    const schemaA = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'from A' } } });
    const schemaB = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'from B' } } });
    let current: GraphQLSchema = schemaA;
    const yoga = createYoga({ schema: () => current, plugins: [useCompiledExecution()], logging: false });
    const ask = async () => (await yoga.fetch('http://plexus/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ hello }"}' })).json();
    expect(await ask()).toEqual({ data: { hello: 'from A' } });
    current = schemaB;
    expect(await ask()).toEqual({ data: { hello: 'from B' } });
  });

  it('reports errors with paths as the standard executor does', async () => {
    const schema = createSchema({
      typeDefs: 'type Query { items: [Item!]! } type Item { id: ID!, name: String! }',
      resolvers: { Query: { items: () => [{ id: '1', name: 'a' }, { id: '2', name: null }] } },
    });
    const yoga = createYoga({ schema, plugins: [useCompiledExecution()], logging: false, maskedErrors: false });
    const response = await yoga.fetch('http://plexus/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ items { id name } }"}' });
    const text = await response.text();
    expect(text.startsWith('{"errors":')).toBe(true);
    const body = JSON.parse(text);
    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({ path: ['items', 1, 'name'], locations: [{ line: 1, column: 14 }] });
  });
});

describe('compiled and interpreted execution through the gateway', () => {
  let demo: DemoServices;
  let compiled: TestGateway;
  let interpreted: TestGateway;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    compiled = await startTestGateway({ env: demo.env, config: { execution: { jit: true } } });
    interpreted = await startTestGateway({ env: demo.env, config: { execution: { jit: false } } });
  });
  afterAll(async () => {
    await compiled.close();
    await interpreted.close();
    await demo.close();
  });

  it.each([
    '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }',
    '{ a: user(id: "3") { name orders { status createdAt product { reviews { rating } } } } b: getOrder(id: "999") { id } }',
  ])('answer %s byte for byte the same', async (query) => {
    const post = (port: number) =>
      fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((response) => response.text());
    expect(await post(compiled.server.port)).toBe(await post(interpreted.server.port));
  });
});
