import type { ArgumentValues } from './operation-generator.js';

/**
 * Argument values for random operations over the demo schema: mostly ids of demo entities (users
 * "1".."50", orders "1".."250", products "1".."30", every fifth product not stocked), some that
 * name nothing (so that null answers and NOT_FOUND errors come up too), and pages of at most 5 so
 * that an operation over users → orders → product stays small.
 */
export const DEMO_ARGUMENTS: ArgumentValues = {
  'Query.getOrder.id': ['1', '7', '120', '250', '999'],
  'Query.listOrdersByUser.userId': ['1', '3', '50', '77'],
  'Query.listOrdersByUsers.userIds': [['1', '2'], ['3'], ['4', '404'], []],
  'Query.product.id': ['1', '5', '30', '31'],
  'Query.products.first': [0, 1, 3, 5],
  'Query.productsByIds.ids': [['1', '2'], ['3', 'nope', '30'], ['5']],
  'Query.stock.productId': ['1', '5', '12', '99'],
  'Query.stocks.productIds': [['1', '5'], ['2', '3', '4'], ['31']],
  'Query.user.id': ['1', '2', '7', '50', '404'],
  'Query.users.limit': [1, 2, 3, 5],
  'Query.users.offset': [0, 10, 48],
  'Query.usersByIds.ids': [['1', '2'], ['3', '999'], ['50']],
};
