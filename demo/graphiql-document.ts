import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';

// The demo fan-out as the example operations define it (demo/operations/orders.graphql), so that
// GraphiQL, codegen and the persisted-documents manifest show one and the same query.
const operations = parse(readFileSync(new URL('./operations/orders.graphql', import.meta.url), 'utf8'));
const fanOut = operations.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === 'UsersWithOrders');
if (!fanOut) throw new Error('demo/operations/orders.graphql has no UsersWithOrders operation');

/** What GraphiQL opens with under `npm start` (`graphiql.defaultQuery`): the demo fan-out, ready to run. */
export const DEMO_DOCUMENT = `# Plexus demo: one query, three services.
#
# users come from a REST service (OpenAPI), their orders from a gRPC service and
# each order's product from a GraphQL service; the gateway makes one call to each.
# Run it with Ctrl-Enter or the play button.
${print(fanOut)}
`;
