// An example plugin (graphql-yoga/envelop hooks), listed under `plugins:` in gateway.yaml: it tells
// every client how long the gateway took, in a `server-timing` header. A factory receives the
// `options` given next to the module in gateway.yaml. Plugins run after Plexus's own security
// plugins (auth, limits, rate limit, trusted documents); what one throws is logged and reaches the
// client as INTERNAL_SERVER_ERROR, unless it is a GraphQLError with extensions.code.

/** @type {import('plexus').PlexusPluginFactory<{ metric?: string }>} */
export default function responseTime(options = {}) {
  const metric = options.metric ?? 'gateway';
  const started = new WeakMap();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start !== undefined) response.headers.set('server-timing', `${metric};dur=${(performance.now() - start).toFixed(1)}`);
    },
  };
}
