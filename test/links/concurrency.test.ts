import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { PEOPLE_SDL, startLinkServices, type LinkServices } from './fixtures.js';

const THINGS_API = `
openapi: 3.0.3
info: { title: things, version: '1' }
paths:
  /things/{id}:
    get:
      operationId: thing
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: one thing
          content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } }
components:
  schemas:
    Thing: { type: object, required: [id], properties: { id: { type: string }, label: { type: string } } }
`;

let services: LinkServices;
let things: TestServer;
let project: TempProject;
let gateway: TestGateway;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  services = await startLinkServices();
  // Each answer takes a while, so that calls overlap when they are allowed to.
  things = await startHttpServer((req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      const id = decodeURIComponent(req.url!.split('/').pop()!);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, label: `thing ${id}` }));
    }, 40);
  });
  project = await tempProject({
    'sources/people/source.yaml': `kind: graphql\nendpoint: ${services.people.url}\nschema: schema.graphql\n`,
    'sources/people/schema.graphql': PEOPLE_SDL,
    'sources/things/source.yaml': `kind: openapi\nendpoint: ${things.url}\nschema: openapi.yaml\nmaxConnections: 3\n`,
    'sources/things/openapi.yaml': THINGS_API,
    'schemas/links.graphql': 'extend type Person { thing: Thing @resolveBy(source: "things", operation: "thing", key: "id") }\n',
  });
  gateway = await startTestGateway({ sourcesDir: project.sourcesDir, cwd: project.dir });
});

afterAll(async () => {
  await gateway?.close();
  await things?.close();
  await services?.close();
  await project?.remove();
});

describe('links without a batch operation', () => {
  it('call once per distinct key, in parallel, never more at once than the source allows', async () => {
    const { body } = await gateway.query('{ people(limit: 12) { name thing { label } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.people[11]).toEqual({ name: 'Person 12', thing: { label: 'thing 12' } });
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'things' })).toBe(12);
    expect(mostInFlight).toBe(3);
  });
});
