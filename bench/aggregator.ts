// The practical limit of the fan-out scenario: a hand-written Node.js aggregator that answers the
// demo fan-out query with the same three upstream calls and no GraphQL machinery at all.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { credentials, loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { bundledProtoDirs } from '../src/sources/grpc/proto-paths.js';

interface User { id: string; name: string; email: string }
interface Order { id: string; user_id: string; product_id: string; quantity: number; total: string }
interface Product { id: string; name: string; price: number }

const usersUrl = new URL(process.env['USERS_URL'] ?? 'http://127.0.0.1:4101');
const productsUrl = new URL(process.env['PRODUCTS_URL'] ?? 'http://127.0.0.1:4103/graphql');
const ordersTarget = (process.env['ORDERS_URL'] ?? 'grpc://127.0.0.1:4102').replace(/^grpc:\/\//, '');

const users = new Pool(usersUrl.origin, { connections: 64 });
const products = new Pool(productsUrl.origin, { connections: 64 });
const proto = fileURLToPath(new URL('../sources/orders/orders.proto', import.meta.url));
const definition = loadSync(proto, { includeDirs: bundledProtoDirs(), keepCase: true, longs: String, enums: String, defaults: true });
const OrderService = ((loadPackageDefinition(definition)['orders'] as GrpcObject)['v1'] as GrpcObject)['OrderService'] as ServiceClientConstructor;
const orders = new OrderService(ordersTarget, credentials.createInsecure());
const PRODUCTS_QUERY = 'query($ids:[ID!]!){productsByIds(ids:$ids){id name price}}';

function listOrders(userIds: string[]): Promise<Order[]> {
  return new Promise((resolve, reject) =>
    orders['ListOrdersByUsers']!({ user_ids: userIds }, { deadline: Date.now() + 2000 }, (error: Error | null, reply: { orders: Order[] }) =>
      error ? reject(error) : resolve(reply.orders),
    ),
  );
}

async function fanOut(limit: number): Promise<string> {
  const userList = (await (await users.request({ method: 'GET', path: `/users?limit=${limit}` })).body.json()) as User[];
  const orderList = await listOrders(userList.map((user) => user.id));
  const productIds = [...new Set(orderList.map((order) => order.product_id))];
  const answer = await products.request({
    method: 'POST',
    path: productsUrl.pathname,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PRODUCTS_QUERY, variables: { ids: productIds } }),
  });
  const productList = ((await answer.body.json()) as { data: { productsByIds: (Product | null)[] } }).data.productsByIds;
  const productById = new Map(productList.flatMap((product) => (product ? [[product.id, product] as const] : [])));
  const ordersByUser = new Map<string, Order[]>();
  for (const order of orderList) {
    const list = ordersByUser.get(order.user_id);
    if (list) list.push(order);
    else ordersByUser.set(order.user_id, [order]);
  }
  return JSON.stringify({
    data: {
      users: userList.map((user) => ({
        id: user.id,
        name: user.name,
        email: user.email,
        orders: (ordersByUser.get(user.id) ?? []).map((order) => {
          const product = productById.get(order.product_id);
          return {
            id: order.id,
            quantity: order.quantity,
            total: order.total,
            product: product ? { id: product.id, name: product.name, price: product.price } : null,
          };
        }),
      })),
    },
  });
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    fanOut(50).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(error.message);
      },
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
