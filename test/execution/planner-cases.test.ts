import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoProject } from '../helpers/demo-project.js';
import { startExecutorPair, type Answer, type ExecutorPair, type Operation } from '../helpers/differential.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { planOperationOf } from '../helpers/plans.js';

// Named cases for the query planner: shapes that broke an executor once (the two reproductions
// below broke graphql-jit, the conditional duplicates broke graphql-jit and stitching), answered
// through the planner and through the standard executor alike.

/** An answer without error locations: stitching drops them from errors a source located, the planner keeps them. */
function comparable(answer: Answer): unknown {
  const body = JSON.parse(answer.body) as { errors?: Array<Record<string, unknown>> };
  return { status: answer.status, ...body, ...(body.errors && { errors: body.errors.map(({ locations: _locations, ...error }) => error) }) };
}
import { startGraphQLServer, type TestServer } from '../helpers/servers.js';

// The two reproductions: a recursive input type (Firestore's Document), and a field whose name is
// another field's path joined by `_`.
const FIRESTORE_SDL = `
input GoogleFirestoreV1DocumentInput { name: String, fields: [GoogleFirestoreV1FieldInput!] }
input GoogleFirestoreV1FieldInput { key: String!, value: GoogleFirestoreV1ValueInput! }
input GoogleFirestoreV1ValueInput { stringValue: String, integerValue: String, mapValue: GoogleFirestoreV1MapValueInput, arrayValue: GoogleFirestoreV1ArrayValueInput }
input GoogleFirestoreV1MapValueInput { fields: [GoogleFirestoreV1FieldInput!] }
input GoogleFirestoreV1ArrayValueInput { values: [GoogleFirestoreV1ValueInput!] }
type GoogleFirestoreV1Document { name: String, fieldCount: Int! }
type Query { ping: String }
type Mutation { updateDocument(document: GoogleFirestoreV1DocumentInput): GoogleFirestoreV1Document }
`;
const ALBUMS_SDL = `
type Tracks { total: Int! }
type Album { name: String!, total_tracks: Int!, tracks: Tracks! }
type Query { album: Album }
`;
const UPDATE_DOCUMENT = 'mutation M($d: GoogleFirestoreV1DocumentInput) { updateDocument(document: $d) { name fieldCount } }';
const NESTED_DOCUMENT = {
  name: 'projects/p/databases/(default)/documents/albums/1',
  fields: [
    { key: 'title', value: { stringValue: 'Blue' } },
    { key: 'tracks', value: { arrayValue: { values: [{ mapValue: { fields: [{ key: 'n', value: { integerValue: '1' } }] } }] } } },
  ],
};

interface ReproductionSources {
  project: TempProject;
  firestore: TestServer;
  albums: TestServer;
  /** Documents the firestore service received. */
  documents: unknown[];
  close(): Promise<void>;
}

async function startReproductionSources(): Promise<ReproductionSources> {
  const documents: unknown[] = [];
  const firestore = await startGraphQLServer({
    typeDefs: FIRESTORE_SDL,
    resolvers: {
      Mutation: {
        updateDocument: (_: unknown, { document }: { document: { name: string; fields?: unknown[] } }) => {
          documents.push(document);
          return { name: document.name, fieldCount: document.fields?.length ?? 0 };
        },
      },
    },
  });
  const albums = await startGraphQLServer({
    typeDefs: ALBUMS_SDL,
    resolvers: { Query: { album: () => ({ name: 'Blue', total_tracks: 7, tracks: { total: 3 } }) } },
  });
  const project = await tempProject({
    'sources/firestore/source.yaml': `kind: graphql\nendpoint: ${firestore.url}\nschema: schema.graphql\n`,
    'sources/firestore/schema.graphql': FIRESTORE_SDL,
    'sources/albums/source.yaml': `kind: graphql\nendpoint: ${albums.url}\nschema: schema.graphql\n`,
    'sources/albums/schema.graphql': ALBUMS_SDL,
  });
  return {
    project,
    firestore,
    albums,
    documents,
    async close() {
      await Promise.all([firestore.close(), albums.close()]);
      await project.remove();
    },
  };
}

describe('the reproductions, with the default config', () => {
  let sources: ReproductionSources;
  let gateway: TestGateway;

  beforeAll(async () => {
    sources = await startReproductionSources();
    gateway = await startTestGateway({ sourcesDir: sources.project.sourcesDir, cwd: sources.project.dir });
  });
  afterAll(async () => {
    await gateway.close();
    await sources.close();
  });

  it('answers a mutation whose variable has a recursive input type, and the source gets the document', async () => {
    const before = sources.documents.length;
    expect(await gateway.query(UPDATE_DOCUMENT, { d: { name: 'x' } })).toEqual({
      status: 200,
      body: { data: { updateDocument: { name: 'x', fieldCount: 0 } } },
    });
    expect(await gateway.query(UPDATE_DOCUMENT, { d: NESTED_DOCUMENT })).toEqual({
      status: 200,
      body: { data: { updateDocument: { name: NESTED_DOCUMENT.name, fieldCount: 2 } } },
    });
    expect(sources.documents.slice(before)).toEqual([{ name: 'x' }, NESTED_DOCUMENT]);
  });

  it.each(['{ album { total_tracks tracks { total } } }', '{ album { tracks { total } total_tracks } }'])(
    'reads total_tracks next to tracks { total }: %s',
    async (query) => {
      const { body } = await gateway.query(query);
      expect(body).toEqual({ data: { album: { total_tracks: 7, tracks: { total: 3 } } } });
    },
  );
});

describe('planned and standard execution give the same answers', () => {
  let demo: DemoServices;
  let demoFolder: TempProject;
  let sources: ReproductionSources;
  let onDemo: ExecutorPair;
  let onReproductions: ExecutorPair;

  beforeAll(async () => {
    [demo, demoFolder, sources] = await Promise.all([startDemoServices(ANY_PORTS), demoProject(), startReproductionSources()]);
    onDemo = await startExecutorPair({ sourcesDir: demoFolder.sourcesDir, env: demo.env });
    onReproductions = await startExecutorPair({ sourcesDir: sources.project.sourcesDir, cwd: sources.project.dir });
  });
  afterAll(async () => {
    await Promise.all([onDemo?.close(), onReproductions?.close()]);
    await Promise.all([demo?.close(), demoFolder?.remove(), sources?.close()]);
  });

  const demoOperations: Operation[] = [
    { query: '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }' },
    { query: '{ a: user(id: "3") { name orders { status createdAt product { reviews { rating } } } } b: getOrder(id: "999") { id } }' },
    { query: 'query ($ids: [ID!]!) { productsByIds(ids: $ids) { id name price } }', variables: { ids: ['1', 'nope', '2'] } },
    {
      query:
        'query U($id: String!) { user(id: $id) { ...Who orders { ...Line } } } fragment Who on User { __typename id name } fragment Line on Order { id status total user { name } }',
      variables: { id: '7' },
    },
    { query: 'query ($limit: Int) { users(limit: $limit) { id } }', variables: { limit: 'many' } },
    { query: 'query ($id: String!) { user(id: $id) { id } }' },
    { query: '{ products(first: 3) { id stock: name } stocks(productIds: ["1", "2"]) { available } }' },
    { query: 'query ($with: Boolean!) { user(id: "2") { name orders @include(if: $with) { id } } }', variables: { with: false } },
    { query: '{ __typename users(limit: 2, offset: 48) { id } listOrdersByUser(userId: "3") { orders { status user { email } } } }' },
  ];
  const reproductionOperations: Operation[] = [
    { query: UPDATE_DOCUMENT, variables: { d: { name: 'x' } } },
    { query: UPDATE_DOCUMENT, variables: { d: NESTED_DOCUMENT } },
    { query: '{ album { total_tracks tracks { total } } }' },
    { query: '{ album { tracks { total } total_tracks } }' },
  ];

  it.each(demoOperations.map((operation) => [operation.query, operation] as const))('on the demo: %s', async (_query, operation) => {
    const { planned, standard } = await onDemo.ask(operation);
    expect(comparable(planned)).toEqual(comparable(standard));
  });

  it.each(reproductionOperations.map((operation) => [operation.query, operation] as const))('on the reproductions: %s', async (_query, operation) => {
    const { planned, standard } = await onReproductions.ask(operation);
    expect(comparable(planned)).toEqual(comparable(standard));
  });

  // Found by random operations: a key selected twice, once under a condition, must give the fields
  // of the selections whose conditions hold and no others.
  const conditionalDuplicates: [string, Operation][] = [
    [
      'a fragment spread twice, once skipped, still gives its fields',
      {
        query: 'query ($s: Boolean!) { stocks(productIds: ["1", "5"]) { ...F @skip(if: $s) warehouse ...F } } fragment F on Stock { productId available }',
        variables: { s: true },
      },
    ],
    [
      'a skipped selection of a key gives none of its fields',
      {
        query:
          'query ($v1: Boolean!, $v2: Boolean!) { getOrder(id: "7") { product @include(if: $v2) { name @skip(if: $v1) reviews { body } name } ...F } } fragment F on Order { product { id price name } }',
        variables: { v1: false, v2: false },
      },
    ],
    [
      'a key is ordered by its first selection that is not skipped',
      {
        query: 'query ($i: Boolean!) { stock(productId: "1") { ...F @include(if: $i) available productId } } fragment F on Stock { productId }',
        variables: { i: false },
      },
    ],
  ];

  it.each(conditionalDuplicates)('on the demo: %s', async (_name, operation) => {
    const { planned, standard } = await onDemo.ask(operation);
    expect(comparable(planned)).toEqual(comparable(standard));
  });

  it('plans every case: none of them falls back to the standard executor', () => {
    for (const { query, variables } of [
      ...demoOperations.slice(0, 4),
      ...demoOperations.slice(6),
      ...conditionalDuplicates.map(([, operation]) => operation),
    ]) {
      expect(planOperationOf(onDemo.planned.gateway.schema(), parse(query), variables), query).not.toHaveProperty('unplanned');
    }
    for (const { query, variables } of reproductionOperations) {
      expect(planOperationOf(onReproductions.planned.gateway.schema(), parse(query), variables), query).not.toHaveProperty('unplanned');
    }
  });
});
