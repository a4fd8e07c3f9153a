import { productsById } from '../products/data.js';

/** An order as the demo server hands it to grpc-js (proto field names, enums by name). */
export interface Order {
  id: string;
  user_id: string;
  product_id: string;
  quantity: number;
  /** Cents, as a string: int64 on the wire. */
  total: string;
  status: string;
  created_at: { seconds: number; nanos: number };
}

/** The life of an order, in the order it goes through it. */
export const ORDER_STATUSES = ['ORDER_STATUS_PENDING', 'ORDER_STATUS_PAID', 'ORDER_STATUS_SHIPPED', 'ORDER_STATUS_DELIVERED', 'ORDER_STATUS_CANCELLED'];

const FIRST_ORDER = Date.UTC(2024, 0, 1) / 1000;
const USERS = 50;
const ORDERS_PER_USER = 5;
const PRODUCTS = 30;

/** 250 deterministic orders with ids "1".."250": orders "1".."5" belong to user "1", and so on. */
export const orders: Order[] = Array.from({ length: USERS * ORDERS_PER_USER }, (_, index) => {
  const n = index + 1;
  const productId = String(((n * 7) % PRODUCTS) + 1);
  const quantity = (n % 3) + 1;
  const cents = Math.round((productsById.get(productId)?.price ?? 0) * 100);
  return {
    id: String(n),
    user_id: String(Math.floor(index / ORDERS_PER_USER) + 1),
    product_id: productId,
    quantity,
    total: String(cents * quantity),
    status: ORDER_STATUSES[n % ORDER_STATUSES.length]!,
    created_at: { seconds: FIRST_ORDER + n * 7 * 3600, nanos: 0 },
  };
});

export const ordersById = new Map(orders.map((order) => [order.id, order]));

export function ordersOfUser(userId: string): Order[] {
  return orders.filter((order) => order.user_id === userId);
}
