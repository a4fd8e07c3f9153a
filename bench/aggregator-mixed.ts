// The practical limit of the mixed scenario (bench/scenarios.ts, MIXED): its answer with the ideal
// calls. Users: one usersByIds batch for both lookups and one list call; orders: one call for every
// user; products: one productsByIds call for every order, and one document with both root fields.
import {
  getUsers,
  listOrders,
  ordersByUser,
  productsByIds,
  queryProducts,
  serveAggregator,
  type Order,
  type Product,
  type User,
} from './aggregator-clients.js';

const LOOKUPS = ['3', '42'] as const;
const PAGE = 20;
const ROOT_PRODUCTS = '{catalogue:products(first:5){id name price} top:product(id:"7"){id name price}}';

async function users() {
  const [found, page] = await Promise.all([getUsers(`/users/batch?ids=${LOOKUPS.join(',')}`), getUsers(`/users?limit=${PAGE}`)]);
  const byId = new Map(found.map((user) => [user.id, user]));
  const [first = null, second = null] = LOOKUPS.map((id) => byId.get(id) ?? null);
  const parents = [first, second, ...page].filter((user): user is User => user !== null);
  const orderList = await listOrders([...new Set(parents.map((user) => user.id))]);
  const productById = await productsByIds(orderList.map((order) => order.product_id));
  const byUser = ordersByUser(orderList);
  const purchase = (order: Order) => {
    const product = productById.get(order.product_id);
    return { id: order.id, status: order.status, total: order.total, product: product ? item(product) : null };
  };
  const person = (user: User | null) => user && { id: user.id, name: user.name, orders: (byUser.get(user.id) ?? []).map(purchase) };
  return { first: person(first), second: person(second), page: page.map(person) };
}

function item(product: Product) {
  return { id: product.id, name: product.name, price: product.price };
}

async function mixed(): Promise<string> {
  const [people, roots] = await Promise.all([users(), queryProducts<{ catalogue: Product[]; top: Product | null }>(ROOT_PRODUCTS)]);
  return JSON.stringify({
    data: { first: people.first, second: people.second, page: people.page, catalogue: roots.catalogue.map(item), top: roots.top && item(roots.top) },
  });
}

serveAggregator(mixed);
