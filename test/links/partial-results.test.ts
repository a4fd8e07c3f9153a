import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANY_PORTS, startDemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';

interface Product {
  id: string;
  name: string;
  price: number;
}
interface Order {
  id: string;
  quantity: number;
  total: string;
  product: Product | null;
}
interface User {
  id: string;
  name: string;
  email: string;
  orders: Order[] | null;
}
interface Answer {
  data: { users: User[] | null } | null;
  errors?: { path: (string | number)[]; extensions: Record<string, unknown> }[];
}

/** The query of the README's quick start, read from the README so the two cannot drift apart. */
async function readmeQuery(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const query = /## Quick start[\s\S]*?```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!query) throw new Error('README.md has no quick-start query');
  return query;
}

/** Runs the query over the real demo services, with `down` stopped after the gateway started. */
async function answerWith(query: string, down?: 'users' | 'orders' | 'products'): Promise<Answer> {
  const demo = await startDemoServices(ANY_PORTS);
  const gateway = await startDemoGateway({ env: demo.env });
  try {
    if (down) await demo.services[down].close();
    const { status, body } = await gateway.query<Answer>(query);
    expect(status).toBe(200);
    return body;
  } finally {
    await gateway.close();
    await demo.close();
  }
}

const pathsOf = (answer: Answer) => (answer.errors ?? []).map((error) => error.path.join('.')).sort();

let query: string;
let healthy: Answer;
beforeAll(async () => {
  query = await readmeQuery();
  healthy = await answerWith(query);
});

describe('the README query with one demo service down', () => {
  it('answers in full while every service is up', () => {
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data!.users!.length).toBeGreaterThan(0);
    expect(healthy.data!.users!.every((user) => user.orders!.length > 0 && user.orders!.every((order) => order.product !== null))).toBe(true);
  });

  it("keeps every user when the orders service is down, with the error on each user's orders", async () => {
    const answer = await answerWith(query, 'orders');
    const users = healthy.data!.users!;
    expect(answer.data).toEqual({ users: users.map((user) => ({ ...user, orders: null })) });
    expect(pathsOf(answer)).toEqual(users.map((_user, index) => `users.${index}.orders`).sort());
    for (const error of answer.errors!) expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'orders' });
  });

  it('keeps every user and order when the products service is down, with the error on each product', async () => {
    const answer = await answerWith(query, 'products');
    const users = healthy.data!.users!;
    expect(answer.data).toEqual({ users: users.map((user) => ({ ...user, orders: user.orders!.map((order) => ({ ...order, product: null })) })) });
    expect(pathsOf(answer)).toEqual(users.flatMap((user, index) => user.orders!.map((_order, position) => `users.${index}.orders.${position}.product`)).sort());
    for (const error of answer.errors!) expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'products' });
  });

  it('answers users: null with the error when the users service is down (nothing else was asked)', async () => {
    const answer = await answerWith(query, 'users');
    expect(answer.data).toEqual({ users: null });
    expect(pathsOf(answer)).toEqual(['users']);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'users' });
  });
});
