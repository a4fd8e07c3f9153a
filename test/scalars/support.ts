import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';
import { document, startRestService, type SeenRequest } from '../sources/openapi/support.js';
import type { TestGrpcServer } from '../sources/grpc/support/grpc-server.js';
import { kitchenSource, startKitchen } from '../sources/grpc/support/kitchen.js';

const int64 = { type: 'integer', format: 'int64' };
const dateTime = { type: 'string', format: 'date-time' };
const pet = { $ref: '#/components/schemas/Pet' };
const answers = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });

/** The `shop` REST service: int64 in a path, in a query list and in a body, date-times in a body. */
export const SHOP_OPENAPI = document(
  {
    '/pets/{id}': { get: { operationId: 'pet', parameters: [{ name: 'id', in: 'path', required: true, schema: int64 }], responses: answers(pet) } },
    '/pets': {
      get: {
        operationId: 'pets',
        parameters: [{ name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: int64 } }],
        responses: answers({ type: 'array', items: pet }),
      },
      post: { operationId: 'addPet', requestBody: { required: true, content: { 'application/json': { schema: pet } } }, responses: answers(pet) },
    },
  },
  { Pet: { type: 'object', required: ['name'], properties: { id: int64, name: { type: 'string' }, born: dateTime } } },
);

/** The `timeline` GraphQL service declares a scalar under a shared name. */
export const TIMELINE_SDL = 'scalar DateTime\ntype Query { eventsSince(at: DateTime!): [String!]! }\n';

export interface ScalarServices {
  /** Requests the REST service received, with bodies. */
  shop: SeenRequest[];
  kitchen: TestGrpcServer;
  timeline: TestServer;
  /** Arguments the GraphQL service's resolver received. */
  timelineArgs: unknown[];
  /** Calls that reached any of the three services. */
  calls(): number;
  /** A project with the three sources; `shopYaml` is added to the REST source's source.yaml. */
  project(shopYaml?: string): Promise<TempProject>;
  close(): Promise<void>;
}

/** One service of each kind, each recording what reaches it. */
export async function startScalarServices(): Promise<ScalarServices> {
  const { upstream: shopServer, seen: shop } = await startRestService((request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // The id's digits are written as a JSON number, as an int64 service does.
    const id = /^\/pets\/(\d+)$/.exec(request.url)?.[1];
    if (request.method === 'POST') res.end(request.body);
    else res.end(id ? `{"id":${id},"name":"Rex","born":"2024-05-01T12:00:00Z"}` : '[]');
  });
  const kitchen = await startKitchen();
  const timelineArgs: unknown[] = [];
  const timeline = await startGraphQLServer({
    typeDefs: TIMELINE_SDL,
    resolvers: { Query: { eventsSince: (_: unknown, args: unknown) => (timelineArgs.push(args), ['launch']) } },
  });
  const projects: TempProject[] = [];
  return {
    shop,
    kitchen,
    timeline,
    timelineArgs,
    calls: () => shop.length + kitchen.calls + timeline.requests.length,
    async project(shopYaml = '') {
      const project = await tempProject({
        'sources/shop/source.yaml': `kind: openapi\nendpoint: ${shopServer.url}\nschema: openapi.json\n${shopYaml}`,
        'sources/shop/openapi.json': SHOP_OPENAPI,
        'sources/timeline/source.yaml': `kind: graphql\nendpoint: ${timeline.url}\nschema: schema.graphql\n`,
        'sources/timeline/schema.graphql': TIMELINE_SDL,
      });
      await kitchenSource(project, 'kitchen', `kind: grpc\nendpoint: ${kitchen.url}\nschema: kitchen.proto\n`);
      projects.push(project);
      return project;
    },
    async close() {
      await Promise.all([shopServer.close(), kitchen.close(), timeline.close(), ...projects.map((project) => project.remove())]);
    },
  };
}

/** A gateway over the three services, with the query planner on or off. */
export async function startScalarGateway(services: ScalarServices, planner: boolean, shopYaml = ''): Promise<TestGateway> {
  const project = await services.project(shopYaml);
  return startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, config: { execution: { planner } } });
}

/** Every real call the gateway made to the three sources, by its own count. */
export async function upstreamRequests(gateway: TestGateway): Promise<number> {
  const counts = await Promise.all(['shop', 'kitchen', 'timeline'].map((source) => gateway.metric('plexus_upstream_requests_total', { source })));
  return counts.reduce((sum, count) => sum + count, 0);
}
