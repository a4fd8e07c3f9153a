import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, execute, GraphQLError, parse } from 'graphql';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

// Leaf values a source sends in another type than its schema says: the planner writes values of
// the built-in scalars as they are only when serializing would give them back unchanged, and
// serializes (or fails) the rest exactly as graphql-js's executor does with the same values as
// resolver results. (Stitching is no reference here: it rejects such an answer as a whole.)

const SDL = `
type Reading { s: String, id: ID, i: Int, f: Float, b: Boolean, n: Int! }
type Query { reading: Reading, readings: [Reading] }
`;

/** One reading per kind of mismatch; the same JSON answers every document the source gets. */
const ANSWER = { reading: undefined as unknown, readings: [] as unknown[] };
const READINGS = [
  { s: 'text', id: 'a1', i: 42, f: 1.5, b: true, n: 1 },
  { s: 5, id: 7, i: '12', f: '2.25', b: 1, n: '3' },
  { s: true, id: 8.5, i: 3.5, f: 'wide', b: 0, n: 3000000000 },
  { s: 1e21, id: -1, i: -2147483649, f: false, b: '', n: 2147483647 },
  { s: null, id: null, i: true, f: 7, b: 'yes', n: null },
];
ANSWER.reading = READINGS[1];
ANSWER.readings = READINGS;

/** graphql-js's answer with the source's values as resolver results, errors as the gateway shows them. */
async function reference(query: string): Promise<unknown> {
  const result = await execute({ schema: buildSchema(SDL), document: parse(query), rootValue: ANSWER });
  const errors = result.errors?.map((error) => ({
    // Errors that are not GraphQL errors (a null for a non-null field) are masked by the gateway.
    message: error.originalError && !(error.originalError instanceof GraphQLError) ? 'Unexpected error.' : error.message,
    path: error.path,
  }));
  return { ...(errors && { errors }), data: result.data };
}

describe('leaf values in another type than the schema says', () => {
  let source: TestServer;
  let project: TempProject;
  let gateway: TestGateway;

  beforeAll(async () => {
    source = await startHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: ANSWER }));
      });
    });
    project = await tempProject({
      'sources/meter/source.yaml': `kind: graphql\nendpoint: ${source.url}\nschema: schema.graphql\n`,
      'sources/meter/schema.graphql': SDL,
    });
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([source?.close(), project?.remove()]);
  });

  it.each(['{ readings { s id i f b n } }', '{ reading { s id i f b } }', '{ readings { s id } reading { n } }', '{ readings { b f } }'])(
    'serializes them as graphql-js does: %s',
    async (query) => {
      const { body } = await gateway.query(query);
      const answer = body as { data?: unknown; errors?: Array<{ message: string; path: unknown }> };
      expect({ ...(answer.errors && { errors: answer.errors.map(({ message, path }) => ({ message, path })) }), data: answer.data }).toEqual(
        await reference(query),
      );
    },
  );

  it('writes converted values, not the raw ones, and fails the ones that cannot be', async () => {
    const { body } = await gateway.query('{ reading { s id i f b } readings { i } }');
    const answer = body as { data: { reading: unknown; readings: unknown[] }; errors: Array<{ message: string }> };
    expect(answer.data.reading).toEqual({ s: '5', id: '7', i: 12, f: 2.25, b: true });
    expect(answer.data.readings).toEqual([{ i: 42 }, { i: 12 }, { i: null }, { i: null }, { i: 1 }]);
    expect(answer.errors.map((error) => error.message)).toEqual([
      'Int cannot represent non-integer value: 3.5',
      'Int cannot represent non 32-bit signed integer value: -2147483649',
    ]);
  });
});
