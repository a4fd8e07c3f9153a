import { fileURLToPath } from 'node:url';
import {
  loadPackageDefinition,
  status,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { bundledProtoDirs } from '../../src/sources/grpc/proto-paths.js';
import type { DemoService } from '../serve.js';
import { ORDER_STATUSES, ordersById, ordersOfUser, orders, type Order } from './data.js';
import { serveGrpcDemo } from './serve-grpc.js';

// The demo serves the very file the `orders` source reads, so the two never drift apart.
const PROTO = fileURLToPath(new URL('../../sources/orders/orders.proto', import.meta.url));
const WATCH_INTERVAL_MS = 500;

const handlers = {
  GetOrder(call: ServerUnaryCall<{ id: string }, Order>, reply: sendUnaryData<Order>) {
    const order = ordersById.get(call.request.id);
    if (order) reply(null, order);
    else reply({ code: status.NOT_FOUND, details: `no order with id "${call.request.id}"` });
  },
  ListOrdersByUser(call: ServerUnaryCall<{ user_id: string }, unknown>, reply: sendUnaryData<{ orders: Order[] }>) {
    reply(null, { orders: ordersOfUser(call.request.user_id) });
  },
  ListOrdersByUsers(call: ServerUnaryCall<{ user_ids: string[] }, unknown>, reply: sendUnaryData<{ orders: Order[] }>) {
    reply(null, { orders: [...new Set(call.request.user_ids)].flatMap(ordersOfUser) });
  },
  WatchOrders(call: ServerWritableStream<{ user_id: string; limit: number }, Order>) {
    const watched = call.request.user_id ? ordersOfUser(call.request.user_id) : orders;
    let sent = 0;
    const emit = () => {
      const order = watched[sent % Math.max(watched.length, 1)];
      if (!order || (call.request.limit > 0 && sent >= call.request.limit)) {
        clearInterval(timer);
        call.end();
        return;
      }
      // Each event moves the order one step on from where the data has it.
      const step = (ORDER_STATUSES.indexOf(order.status) + 1 + Math.floor(sent / watched.length)) % ORDER_STATUSES.length;
      call.write({ ...order, status: ORDER_STATUSES[step]! });
      sent++;
    };
    const timer = setInterval(emit, WATCH_INTERVAL_MS);
    call.on('cancelled', () => clearInterval(timer));
    emit();
  },
};

/** The `orders` demo service: gRPC (OrderService) with server reflection. */
export function startOrders(port: number, host = '127.0.0.1'): Promise<DemoService> {
  const definition = loadSync(PROTO, { includeDirs: bundledProtoDirs(), keepCase: true, longs: String, enums: String, defaults: true });
  const ordersPackage = (loadPackageDefinition(definition)['orders'] as GrpcObject)['v1'] as GrpcObject;
  const OrderService = ordersPackage['OrderService'] as ServiceClientConstructor;
  return serveGrpcDemo('orders', [{ definition: OrderService.service, handlers }], port, host, (server) =>
    new ReflectionService(definition).addToServer(server),
  );
}
