// What the hand-written aggregators share: one client per demo service, each call counted by
// service, and the HTTP server that answers every POST with the aggregator's answer.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { credentials, loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { bundledProtoDirs } from '../src/sources/grpc/proto-paths.js';

export interface User {
  id: string;
  name: string;
  email: string;
}
export interface Order {
  id: string;
  user_id: string;
  product_id: string;
  quantity: number;
  total: string;
  status: string;
}
export interface Product {
  id: string;
  name: string;
  price: number;
}

const usersUrl = new URL(process.env['USERS_URL'] ?? 'http://127.0.0.1:4101');
const productsUrl = new URL(process.env['PRODUCTS_URL'] ?? 'http://127.0.0.1:4103/graphql');
const ordersTarget = (process.env['ORDERS_URL'] ?? 'grpc://127.0.0.1:4102').replace(/^grpc:\/\//, '');

const users = new Pool(usersUrl.origin, { connections: 64 });
const products = new Pool(productsUrl.origin, { connections: 64 });
const proto = fileURLToPath(new URL('../sources/orders/orders.proto', import.meta.url));
const definition = loadSync(proto, { includeDirs: bundledProtoDirs(), keepCase: true, longs: String, enums: String, defaults: true });
const OrderService = ((loadPackageDefinition(definition)['orders'] as GrpcObject)['v1'] as GrpcObject)['OrderService'] as ServiceClientConstructor;
const orders = new OrderService(ordersTarget, credentials.createInsecure());

/** Upstream calls made so far, by service; `GET /calls` on the aggregator returns them. */
const calls = { users: 0, orders: 0, products: 0 };

/** One GET of the users REST service (`/users?limit=`, `/users/batch?ids=`). */
export async function getUsers(path: string): Promise<User[]> {
  calls.users++;
  return (await (await users.request({ method: 'GET', path })).body.json()) as User[];
}

/** One ListOrdersByUsers call for all these users: one flat list, each order naming its user. */
export function listOrders(userIds: string[]): Promise<Order[]> {
  calls.orders++;
  return new Promise((resolve, reject) =>
    orders['ListOrdersByUsers']!({ user_ids: userIds }, { deadline: Date.now() + 2000 }, (error: Error | null, reply: { orders: Order[] }) =>
      error ? reject(error) : resolve(reply.orders),
    ),
  );
}

/** One POST of a GraphQL document to the products service; its `data`. */
export async function queryProducts<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  calls.products++;
  const answer = await products.request({
    method: 'POST',
    path: productsUrl.pathname,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return ((await answer.body.json()) as { data: T }).data;
}

const PRODUCTS_BY_IDS = 'query($ids:[ID!]!){productsByIds(ids:$ids){id name price}}';

/** One productsByIds call for these ids (deduplicated), as a map by id. */
export async function productsByIds(ids: string[]): Promise<Map<string, Product>> {
  const { productsByIds: list } = await queryProducts<{ productsByIds: (Product | null)[] }>(PRODUCTS_BY_IDS, { ids: [...new Set(ids)] });
  return new Map(list.flatMap((product) => (product ? [[product.id, product] as const] : [])));
}

/** The orders of a flat list, grouped by the user who placed them. */
export function ordersByUser(list: Order[]): Map<string, Order[]> {
  const byUser = new Map<string, Order[]>();
  for (const order of list) {
    const own = byUser.get(order.user_id);
    if (own) own.push(order);
    else byUser.set(order.user_id, [order]);
  }
  return byUser;
}

/**
 * Serves `answer()` to every POST (the request body is ignored: an aggregator answers one query),
 * and the call counts on `GET /calls`. Reports `{ ready, url }` to the parent process.
 */
export function serveAggregator(answer: () => Promise<string>): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/calls') return send(res, 200, JSON.stringify(calls));
      answer().then(
        (body) => send(res, 200, body),
        (error: unknown) => send(res, 502, error instanceof Error ? error.message : String(error)),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    orders.close();
    void Promise.all([users.close(), products.close()]).then(() => process.exit(0));
  });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': status === 200 ? 'application/json; charset=utf-8' : 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
