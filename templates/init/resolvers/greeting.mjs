// Example resolvers, listed under `resolvers:` in gateway.yaml: each named export computes the
// fields declared with @resolveWith in schemas/computed.graphql. `parent` holds the fields the
// declaration `requires`; `context.call(source, operation, args)` and
// `context.load(source, operation, key)` reach the services through the gateway (batched per
// request, with its deadlines, retries and metrics).

/** @type {import('plexus').ComputedFieldResolver<{ message: string }>} */
export function shout(parent) {
  return parent.message.toUpperCase();
}
