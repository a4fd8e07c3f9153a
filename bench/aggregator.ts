// The practical limit of the fan-out scenario: a hand-written Node.js aggregator that answers the
// demo fan-out query with the same three upstream calls and no GraphQL machinery at all.
import { getUsers, listOrders, ordersByUser, productsByIds, serveAggregator } from './aggregator-clients.js';

async function fanOut(limit: number): Promise<string> {
  const userList = await getUsers(`/users?limit=${limit}`);
  const orderList = await listOrders(userList.map((user) => user.id));
  const productById = await productsByIds(orderList.map((order) => order.product_id));
  const byUser = ordersByUser(orderList);
  return JSON.stringify({
    data: {
      users: userList.map((user) => ({
        id: user.id,
        name: user.name,
        email: user.email,
        orders: (byUser.get(user.id) ?? []).map((order) => {
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

serveAggregator(() => fanOut(50));
