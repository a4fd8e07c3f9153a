/**
 * What GraphiQL opens with under `npm start` (`graphiql.defaultQuery`): the demo fan-out, ready to
 * run. Users come from the REST service, their orders from the gRPC service and each order's
 * product from the GraphQL service.
 */
export const DEMO_DOCUMENT = `# Plexus demo: one query, three services.
#
# users come from a REST service (OpenAPI), their orders from a gRPC service and
# each order's product from a GraphQL service; the gateway makes one call to each.
# Run it with Ctrl-Enter or the play button.
query UsersWithOrders {
  users(limit: 5) {
    name
    email
    orders {
      id
      quantity
      total
      product {
        name
        price
      }
    }
  }
}
`;
