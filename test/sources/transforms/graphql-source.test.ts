import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startGraphQLServer, type TestServer } from '../../helpers/servers.js';

// A GraphQL service in snake_case behind naming conventions and renames, through the planner: the
// service receives documents and variables in its own names (fields under the client's response
// keys, type conditions, input fields, enum values) and its answers come back in the new ones.

const TYPE_DEFS = `
  enum shirt_size { small_fit LARGE_FIT }
  input shirt_filter { min_size: shirt_size name_prefix: String }
  interface garment { garment_id: ID! }
  type shirt implements garment { garment_id: ID! size: shirt_size! colour_name: String }
  type Query {
    find_shirts(filter: shirt_filter, sizes: [shirt_size!]): [shirt!]!
    any_garment: garment
    internal_stats: Int
  }
`;

const received: unknown[] = [];
const SHIRTS = [
  { garment_id: '1', size: 'small_fit', colour_name: 'red' },
  { garment_id: '2', size: 'LARGE_FIT', colour_name: 'blue' },
];

let upstream: TestServer;
let project: TempProject;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startGraphQLServer({
    typeDefs: TYPE_DEFS,
    resolvers: {
      garment: { __resolveType: () => 'shirt' },
      Query: {
        find_shirts: (_: unknown, args: unknown) => {
          received.push(args);
          return SHIRTS;
        },
        any_garment: () => SHIRTS[1],
        internal_stats: () => 42,
      },
    },
  });
  project = await tempProject({
    'sources/wardrobe/source.yaml': `kind: graphql
endpoint: ${upstream.url}
schema: schema.graphql
transforms:
  rename:
    types: { shirt: Shirt, garment: Garment }
    fields: { "shirt.colour_name": color }
  naming: { types: PascalCase, fields: camelCase, enumValues: UPPER_CASE }
  filter:
    exclude: ["Query.internal*"]
`,
    'sources/wardrobe/schema.graphql': TYPE_DEFS,
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, config: { execution: { exposePlan: true } } });
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await project?.remove();
});

const requests = () => gateway.metric('plexus_upstream_requests_total', { source: 'wardrobe' });

describe('a transformed GraphQL source', () => {
  it('translates fields, type conditions, input fields and enum values both ways, in one upstream request', async () => {
    const before = await requests();
    const { body } = await gateway.query(
      `query Find($filter: ShirtFilter, $size: ShirtSize!) {
        findShirts(filter: $filter, sizes: [SMALL_FIT, $size]) { ...Item size shade: color }
        anyGarment { __typename ... on Shirt { size } garmentId }
      }
      fragment Item on Garment { garmentId }`,
      { filter: { minSize: 'SMALL_FIT', namePrefix: 'r' }, size: 'LARGE_FIT' },
      { 'x-plexus-plan': '1' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      findShirts: [
        { garmentId: '1', size: 'SMALL_FIT', shade: 'red' },
        { garmentId: '2', size: 'LARGE_FIT', shade: 'blue' },
      ],
      anyGarment: { __typename: 'Shirt', size: 'LARGE_FIT', garmentId: '2' },
    });
    expect(received.at(-1)).toEqual({ filter: { min_size: 'small_fit', name_prefix: 'r' }, sizes: ['small_fit', 'LARGE_FIT'] });
    expect(await requests()).toBe(before + 1);
    expect(body.extensions.plan.unplanned).toBeUndefined();
    expect(body.extensions.plan.fetches.map((fetch: { source: string }) => fetch.source)).toEqual(['wardrobe']);
  });

  it('removes excluded root fields', async () => {
    const before = await requests();
    const { body } = await gateway.query('{ internalStats }');
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await requests()).toBe(before);
  });
});
