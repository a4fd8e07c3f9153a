import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/check.js';
import { document, getJson, loadOpenapi, typeBlock, type LoadedOpenapi } from './support.js';

let loaded: LoadedOpenapi | undefined;
afterEach(async () => {
  await loaded?.project.remove();
  loaded = undefined;
});

async function load(files: Record<string, string>, sourceYaml?: string, outside?: Record<string, string>): Promise<LoadedOpenapi> {
  loaded = await loadOpenapi(files, sourceYaml, outside);
  return loaded;
}

const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: unknown, mediaType = 'application/json') => ({ required: true, content: { [mediaType]: { schema } } });

describe('operations to root fields', () => {
  it('names fields from operationIds in camelCase, else from method and path, and numbers collisions', async () => {
    const { sdl, registry } = await load({
      'openapi.json': document({
        '/pets': { ...getJson('list_pets', { type: 'string' }), post: { operationId: 'Pets.Create', responses: { '204': { description: 'done' } } } },
        '/pets/{petId}/toys': {
          parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } } },
          head: { responses: { '200': { description: 'ok' } } },
          delete: { responses: { '204': { description: 'gone' } } },
        },
        '/a': getJson('getUser', { type: 'string' }),
        '/b': getJson('get_user', { type: 'string' }),
      }),
    });
    expect(registry.problems).toEqual([]);
    expect(typeBlock(sdl, 'Query')).toBe(
      'type Query {\n  listPets: String\n  getPetsByPetIdToys(petId: String!): String\n  headPetsByPetIdToys(petId: String!): Boolean\n  getUser: String\n  getUser2: String\n}',
    );
    expect(typeBlock(sdl, 'Mutation')).toBe('type Mutation {\n  petsCreate: Boolean\n  deletePetsByPetIdToys(petId: String!): Boolean\n}');
    expect(registry.sources[0]!.loaded.operations).toEqual([
      { name: 'list_pets', rootType: 'Query', field: 'listPets' },
      { name: 'Pets.Create', rootType: 'Mutation', field: 'petsCreate' },
      { name: 'getPetsByPetIdToys', rootType: 'Query', field: 'getPetsByPetIdToys' },
      { name: 'headPetsByPetIdToys', rootType: 'Query', field: 'headPetsByPetIdToys' },
      { name: 'deletePetsByPetIdToys', rootType: 'Mutation', field: 'deletePetsByPetIdToys' },
      { name: 'getUser', rootType: 'Query', field: 'getUser' },
      { name: 'get_user', rootType: 'Query', field: 'getUser2' },
    ]);
  });

  it('maps parameters to arguments with types, required-ness and defaults, and the body to an input argument', async () => {
    const { sdl } = await load({
      'openapi.json': document(
        {
          '/pets/{id}': {
            put: {
              operationId: 'updatePet',
              parameters: [
                { name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
                { name: 'id', in: 'query', schema: { type: 'string' } },
                { name: 'X-Request-ID', in: 'header', required: true, schema: { type: 'string' } },
                { name: 'session', in: 'cookie', schema: { type: 'string' } },
                { name: 'limit', in: 'query', schema: { type: 'integer', default: 20 } },
                { name: 'sort', in: 'query', schema: { type: 'string', enum: ['name-asc', 'name-desc'], default: 'name-desc' } },
                { name: 'filter', in: 'query', content: { 'application/json': { schema: object({ kind: { type: 'string' } }) } } },
                { name: 'old', in: 'query', deprecated: true, schema: { type: 'boolean' } },
              ],
              requestBody: body(ref('Pet')),
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref('Pet') } } } },
            },
          },
        },
        {
          Pet: object({ id: { type: 'integer', format: 'int64', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } }, [
            'id',
            'name',
          ]),
        },
      ),
    });
    expect(typeBlock(sdl, 'Mutation')).toBe(
      'type Mutation {\n  updatePet(id: Int64!, idQuery: String, xRequestID: String!, session: String, limit: SafeInt = 20, sort: UpdatePetSort = name_desc, filter: UpdatePetFilterInput, old: Boolean @deprecated(reason: "Deprecated in the OpenAPI document."), input: PetInput!): Pet\n}',
    );
    expect(typeBlock(sdl, 'Pet')).toBe('type Pet {\n  id: Int64!\n  name: String!\n}');
    expect(typeBlock(sdl, 'PetInput')).toBe('input PetInput {\n  name: String!\n  password: String\n}');
  });

  it('maps text, empty, binary and undescribed responses', async () => {
    const { sdl } = await load({
      'openapi.json': document({
        '/text': { get: { operationId: 'text', responses: { '200': { description: 'ok', content: { 'text/csv': {} } } } } },
        '/empty': { delete: { operationId: 'empty', responses: { '204': { description: 'gone' } } } },
        '/pdf': { get: { operationId: 'pdf', responses: { '200': { description: 'ok', content: { 'application/pdf': {} } } } } },
        '/errors-only': { get: { operationId: 'errorsOnly', responses: { '404': { description: 'no' } } } },
        '/free': { get: { operationId: 'free', responses: { '201': { description: 'ok', content: { 'application/json': {} } } } } },
        '/upload': {
          post: { operationId: 'upload', requestBody: body({ type: 'string', format: 'binary' }, 'image/png'), responses: { '204': { description: 'ok' } } },
        },
      }),
    });
    expect(typeBlock(sdl, 'Query')).toBe('type Query {\n  text: String\n  pdf: String\n  errorsOnly: JSON\n  free: JSON\n}');
    expect(typeBlock(sdl, 'Mutation')).toBe('type Mutation {\n  empty: Boolean\n  upload(input: Upload!): Boolean\n}');
  });

  it('leaves out an operation whose only answer is 101 Switching Protocols, and says why', async () => {
    const { sdl, registry } = await load({
      'openapi.json': document({
        '/live': { get: { operationId: 'live', responses: { '101': { description: 'switching to a WebSocket' }, '400': { description: 'bad' } } } },
        '/ok': getJson('ok', { type: 'string' }),
      }),
    });
    expect(sdl).not.toContain('live');
    expect(registry.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining('its only success answer is 101 Switching Protocols (a WebSocket or another upgrade), which is not a request and its answer'),
    ]);
  });

  it('gives a document without GET operations no Query type: the source invents no field', async () => {
    const { sdl, registry } = await load({ 'openapi.json': document({ '/x': { post: { operationId: 'x', responses: { '204': { description: 'ok' } } } } }) });
    expect(registry.problems).toEqual([]);
    expect(sdl).not.toContain('type Query');
    expect(typeBlock(sdl, 'Mutation')).toBe('type Mutation {\n  x: Boolean\n}');
  });

  it('applies per-operation overrides from source.yaml and warns about unknown ones', async () => {
    const { sdl, registry } = await load(
      {
        'openapi.json': document({
          '/search': { post: { operationId: 'search', responses: { '200': { description: 'ok', content: { 'text/plain': {} } } } } },
          '/hidden': getJson('hidden', { type: 'string' }),
          '/renamed': getJson('renamed', { type: 'string' }),
        }),
      },
      'schema: openapi.json\noperations:\n  search: { rootType: Query }\n  hidden: { skip: true }\n  renamed: { field: betterName }\n  nope: { skip: true }\n',
    );
    expect(typeBlock(sdl, 'Query')).toBe('type Query {\n  search: String\n  betterName: String\n}');
    expect(registry.warnings).toEqual([{ file: 'sources/api/source.yaml', message: 'operations.nope: the document has no operation with this operationId' }]);
  });
});

describe('schemas to types', () => {
  it('maps objects, arrays, enums with invalid value names, 64- and 32-bit integers, date-time, free-form objects and nullability', async () => {
    const { sdl } = await load({
      'openapi.json': document(
        { '/thing': getJson('thing', ref('Thing')) },
        {
          Thing: object(
            {
              'first-name': { type: 'string' },
              count: { type: 'integer' },
              small: { type: 'integer', format: 'int32' },
              percent: { type: 'integer', minimum: 0, maximum: 100 },
              positive: { type: 'integer', minimum: 1 },
              big: { type: 'integer', format: 'int64' },
              unsigned: { type: 'integer', format: 'uint64' },
              counter: { type: 'integer', format: 'uint32' },
              wide: { type: 'integer', minimum: 0, maximum: 10000000000 },
              ratio: { type: 'number' },
              at: { type: 'string', format: 'date-time' },
              status: { type: 'string', enum: ['in-progress', 'done', '1st', 'true', ''] },
              maybe: { type: 'string', nullable: true },
              tags: { type: 'array', items: { type: 'string' } },
              map: { type: 'object', additionalProperties: { type: 'integer' } },
              free: { type: 'object' },
              anything: {},
              level: { type: 'integer', enum: [1, 2, 3] },
            },
            ['first-name', 'count', 'maybe', 'tags', 'anything'],
          ),
        },
      ),
    });
    expect(typeBlock(sdl, 'Thing')).toBe(
      'type Thing {\n  firstName: String!\n  count: SafeInt!\n  small: Int\n  percent: Int\n  positive: SafeInt\n  big: Int64\n  unsigned: UInt64\n  counter: UInt32\n  wide: Int64\n  ratio: Float\n  at: DateTime\n  status: ThingStatus\n  maybe: String\n  tags: [String!]!\n  map: JSON\n  free: JSON\n  anything: JSON\n  level: Int\n}',
    );
    expect(typeBlock(sdl, 'ThingStatus').replace(/\n\n/g, '\n')).toBe('enum ThingStatus {\n  in_progress\n  done\n  _1st\n  _true\n  EMPTY\n}');
    expect(sdl).toContain('"""The service\'s value: `in-progress`."""');
  });

  it('reads 3.1 type lists and null variants as nullable, and keeps a named type for wrappers', async () => {
    const { sdl } = await load({
      'openapi.json': document(
        { '/x': getJson('x', ref('Holder')) },
        {
          Color: { type: 'string', enum: ['red', 'green'] },
          Holder: object(
            {
              a: { type: ['string', 'null'] },
              b: { oneOf: [ref('Color'), { type: 'null' }] },
              c: { allOf: [ref('Color')], description: 'wrapped to add a description' },
              d: { type: ['integer', 'string'] },
              e: { const: 'fixed' },
              f: { $ref: '#/components/schemas/Color', description: 'a $ref with a sibling is still Color' },
              g: { $ref: '#/components/schemas/Color', nullable: true },
            },
            ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
          ),
        },
        { openapi: '3.1.0' },
      ),
    });
    expect(typeBlock(sdl, 'Holder')).toBe('type Holder {\n  a: String\n  b: Color\n  c: Color!\n  d: JSON!\n  e: HolderE!\n  f: Color!\n  g: Color\n}');
    expect(sdl).not.toContain('Color2');
  });

  it('merges allOf, maps oneOf of objects to a union and a oneOf with scalars to JSON', async () => {
    const { sdl } = await load({
      'openapi.json': document(
        { '/pets': getJson('pets', { type: 'array', items: ref('Pet') }), '/id': getJson('id', { oneOf: [{ type: 'string' }, { type: 'integer' }] }) },
        {
          Base: object({ id: { type: 'string' }, kind: { type: 'string' } }, ['id', 'kind']),
          Cat: { allOf: [ref('Base'), object({ meows: { type: 'boolean' } }, ['meows'])] },
          Dog: { allOf: [ref('Base'), object({ barks: { type: 'boolean' } })] },
          Pet: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind' } },
        },
      ),
    });
    expect(typeBlock(sdl, 'Cat')).toBe('type Cat {\n  id: String!\n  kind: String!\n  meows: Boolean!\n}');
    expect(typeBlock(sdl, 'Dog')).toBe('type Dog {\n  id: String!\n  kind: String!\n  barks: Boolean\n}');
    expect(sdl).toContain('union Pet = Cat | Dog');
    expect(typeBlock(sdl, 'Query')).toBe('type Query {\n  pets: [Pet!]\n  id: JSON\n}');
  });

  it('maps a union whose members lead back to it', async () => {
    const { sdl } = await load({
      'openapi.json': document(
        { '/pet': getJson('pet', ref('Pet')) },
        {
          Pet: { oneOf: [ref('Cat'), ref('Dog')] },
          Cat: object({ friend: ref('Pet'), meows: { type: 'boolean' } }, ['friend']),
          Dog: object({ pack: { type: 'array', items: ref('Pet') } }),
        },
      ),
    });
    expect(sdl).toContain('union Pet = Cat | Dog');
    expect(typeBlock(sdl, 'Cat')).toBe('type Cat {\n  friend: Pet!\n  meows: Boolean\n}');
    expect(typeBlock(sdl, 'Dog')).toBe('type Dog {\n  pack: [Pet!]\n}');
  });

  it('maps circular schemas, input ones included, to recursive types', async () => {
    const { sdl, registry } = await load({
      'openapi.json': document(
        {
          '/tree': {
            ...getJson('tree', ref('Node')),
            post: {
              operationId: 'plant',
              requestBody: body(ref('Node')),
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref('Node') } } } },
            },
          },
        },
        {
          Node: object({ name: { type: 'string' }, parent: ref('Node'), children: { type: 'array', items: ref('Node') }, owner: ref('Person') }, [
            'name',
            'parent',
          ]),
          Person: object({ name: { type: 'string' }, garden: ref('Node') }, ['garden']),
        },
      ),
    });
    expect(registry.problems).toEqual([]);
    expect(typeBlock(sdl, 'Node2')).toBe('type Node2 {\n  name: String!\n  parent: Node2!\n  children: [Node2!]\n  owner: Person\n}');
    // A required link back into a type being built would make the input impossible to write: it is optional.
    expect(typeBlock(sdl, 'Node2Input')).toBe('input Node2Input {\n  name: String!\n  parent: Node2Input\n  children: [Node2Input!]\n  owner: PersonInput\n}');
    expect(typeBlock(sdl, 'PersonInput')).toBe('input PersonInput {\n  name: String\n  garden: Node2Input\n}');
  });

  it('keeps component names that clash with GraphQL or Plexus names usable, with a suffix', async () => {
    const { sdl, registry } = await load({
      'openapi.json': document(
        { '/all': getJson('all', object({ q: ref('Query'), s: ref('String'), j: ref('JSON'), l: ref('link'), n: ref('Node'), c: ref('CacheControlScope') })) },
        {
          Query: object({ text: { type: 'string' } }),
          String: object({ value: { type: 'string' } }),
          JSON: object({ raw: { type: 'string' } }),
          link: object({ href: { type: 'string' } }),
          Node: object({ id: { type: 'string' } }),
          CacheControlScope: { type: 'string', enum: ['A'] },
        },
      ),
    });
    expect(registry.problems).toEqual([]);
    expect(typeBlock(sdl, 'AllResponse')).toBe('type AllResponse {\n  q: Query2\n  s: String2\n  j: JSON2\n  l: Link\n  n: Node2\n  c: CacheControlScope2\n}');
  });

  it('names inline schemas after where they are used, stably', async () => {
    const files = {
      'openapi.json': document({
        '/orders': getJson('listOrders', {
          type: 'array',
          items: object({ id: { type: 'string' }, lines: { type: 'array', items: object({ sku: { type: 'string' } }) } }),
        }),
      }),
    };
    const first = (await load(files)).sdl;
    await loaded!.project.remove();
    const second = (await load(files)).sdl;
    expect(typeBlock(first, 'ListOrdersResponseItem')).toBe('type ListOrdersResponseItem {\n  id: String\n  lines: [ListOrdersResponseItemLinesItem!]\n}');
    expect(second).toBe(first);
  });
});

describe('documents', () => {
  it('reads Swagger 2.0 in YAML, with formData bodies and $refs to other files in the folder', async () => {
    const { sdl, registry } = await load(
      {
        'swagger.yaml': [
          'swagger: "2.0"',
          'info: { title: legacy, version: "1" }',
          'paths:',
          '  /pets:',
          '    get:',
          '      operationId: listPets',
          '      produces: [application/json]',
          '      responses:',
          '        200: { description: ok, schema: { type: array, items: { $ref: "#/definitions/Pet" } } }',
          '    post:',
          '      operationId: addPet',
          '      consumes: [application/x-www-form-urlencoded]',
          '      parameters:',
          '        - { name: name, in: formData, type: string, required: true }',
          '        - { name: tags, in: formData, type: array, items: { type: string }, collectionFormat: multi }',
          '      responses:',
          '        201: { description: created }',
          'definitions:',
          '  Pet: { $ref: "./pet.yaml" }',
        ].join('\n'),
        'pet.yaml': 'type: object\nrequired: [name]\nproperties:\n  name: { type: string }\n  owner: { $ref: "./owner.yaml#/Owner" }\n',
        'owner.yaml': 'Owner:\n  type: object\n  properties:\n    email: { type: string, x-nullable: true }\n',
      },
      '',
    );
    expect(registry.problems).toEqual([]);
    expect(typeBlock(sdl, 'Pet')).toBe('type Pet {\n  name: String!\n  owner: Owner\n}');
    expect(typeBlock(sdl, 'Mutation')).toBe('type Mutation {\n  addPet(input: AddPetInput!): Boolean\n}');
    expect(typeBlock(sdl, 'AddPetInput')).toBe('input AddPetInput {\n  name: String!\n  tags: [String!]\n}');
  });

  it('reports a $ref that cannot be resolved, that leaves the folder or that is a URL, at its line in the document', async () => {
    const problemsFor = async (reference: string) => {
      const result = await load({ 'openapi.json': document({ '/x': getJson('x', { $ref: reference }) }) }, undefined, { 'outside.yaml': 'type: string\n' });
      await result.project.remove();
      return result.registry.problems;
    };
    const at = (message: string) => [{ file: 'sources/api/openapi.json', line: 17, message }];
    expect(await problemsFor('./nowhere.yaml')).toEqual(at('$ref "./nowhere.yaml" does not resolve: no such file sources/api/nowhere.yaml'));
    expect(await problemsFor('#/components/schemas/Missing')).toEqual(at('$ref "#/components/schemas/Missing" does not resolve'));
    for (const reference of ['../../outside.yaml', 'https://example.com/pet.yaml']) {
      expect(await problemsFor(reference)).toEqual(
        at(`$ref "${reference}" does not resolve: only files inside the source folder are read; URLs are not fetched`),
      );
    }
  });

  it('reports a syntax error in a referenced file against that file, at its line', async () => {
    const { registry } = await load({
      'openapi.json': document({ '/x': getJson('x', { $ref: './bad.yaml' }) }),
      'bad.yaml': 'type: object\nproperties: [unclosed\n',
    });
    expect(registry.problems).toEqual([
      { file: 'sources/api/bad.yaml', line: 3, message: 'cannot be parsed: unexpected end of the stream within a flow collection' },
    ]);
  });

  it('reports a file that is not OpenAPI, and a YAML syntax error with its line', async () => {
    expect((await load({ 'openapi.json': '{"hello": "world"}' })).registry.problems).toEqual([
      { file: 'sources/api/openapi.json', message: 'not an OpenAPI document: neither "openapi" nor "swagger" is set' },
    ]);
    await loaded!.project.remove();
    const broken = await load({ 'openapi.yaml': 'openapi: 3.0.0\npaths:\n  /x: [unclosed\n' }, 'schema: openapi.yaml\n');
    expect(broken.registry.problems).toEqual([
      expect.objectContaining({ file: 'sources/api/openapi.yaml', line: expect.any(Number), message: expect.stringMatching(/^invalid YAML/) }),
    ]);
  });

  it('finds openapi.yaml when source.yaml names no schema', async () => {
    const { sdl } = await load(
      {
        'openapi.yaml':
          'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /ping: { get: { operationId: ping, responses: { "204": { description: ok } } } }\n',
      },
      '',
    );
    expect(typeBlock(sdl, 'Query')).toBe('type Query {\n  ping: Boolean\n}');
  });

  it('skips what cannot be mapped, keeps every other operation, and says where', async () => {
    const { sdl, registry } = await load({
      'openapi.json': document({
        '/good': getJson('good', { type: 'string' }),
        '/odd': {
          get: { operationId: 'odd', parameters: [{ name: 'q', in: 'querystring', schema: { type: 'string' } }], responses: { '204': { description: 'ok' } } },
        },
        '/batch': getJson('batch', { type: 'string' }, { 'x-plexus-batch': { argument: 'ids', key: 'id' } }),
      }),
    });
    expect(typeBlock(sdl, 'Query')).toBe('type Query {\n  good: String\n  batch: String\n}');
    expect(registry.warnings).toEqual([
      { file: 'sources/api/openapi.json', message: '#/paths/~1odd/get: skipped: parameter "q" is in "querystring", which is not supported' },
      { file: 'sources/api/openapi.json', message: '#/paths/~1batch/get: x-plexus-batch ignored: the operation has no parameter "ids"' },
    ]);
    const lines: string[] = [];
    expect(
      await checkCommand({ sources: 'sources', schemas: 'schemas' }, loaded!.project.dir, (line) => {
        lines.push(line);
        return true;
      }),
    ).toBe(0);
    expect(lines).toEqual([
      'skipped while mapping sources:',
      '  sources/api/openapi.json: #/paths/~1odd/get: skipped: parameter "q" is in "querystring", which is not supported',
      '  sources/api/openapi.json: #/paths/~1batch/get: x-plexus-batch ignored: the operation has no parameter "ids"',
      'ok: 1 source: api (openapi)',
    ]);
  });

  it("exposes x-plexus-batch as the operation's batch, in GraphQL names", async () => {
    const { registry } = await load({
      'openapi.json': document(
        {
          '/users/batch': getJson(
            'usersByIds',
            { type: 'array', items: ref('User') },
            {
              'x-plexus-batch': { argument: 'user-ids', key: 'user-id' },
              parameters: [{ name: 'user-ids', in: 'query', required: true, explode: false, schema: { type: 'array', items: { type: 'string' } } }],
            },
          ),
        },
        { User: object({ 'user-id': { type: 'string' } }) },
      ),
    });
    expect(registry.sources[0]!.loaded.operations).toEqual([
      { name: 'usersByIds', rootType: 'Query', field: 'usersByIds', batch: { argument: 'userIds', key: 'userId' } },
    ]);
  });

  it('warns about credentials for security schemes the document does not declare', async () => {
    const { registry } = await load(
      {
        'openapi.json': document(
          { '/x': getJson('x', { type: 'string' }) },
          {},
          { components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } } },
        ),
      },
      'schema: openapi.json\nsecurity:\n  kee: secret\n',
    );
    expect(registry.warnings).toEqual([
      { file: 'sources/api/source.yaml', message: 'security.kee: the document declares no security scheme "kee" (it has: key)' },
    ]);
  });
});
