import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startGraphQLServer, type TestServer } from '../../helpers/servers.js';
import { subscribe, type SseEvent } from '../grpc/support/sse.js';
import { EVENTS_SDL, PEOPLE_SDL, startEventsService, type EventsService } from './support/events-service.js';

// A GraphQL source's Subscription fields pass through the gateway: the gateway opens the
// subscription at the service over the configured transport, with the source's headers, and
// resolves the links below each event.

const LINKS = 'extend type Line { person: Person @resolveBy(source: "people", operation: "peopleByIds", key: "personId", argument: "ids") }\n';
const WATCH = 'subscription Watch($count: Int) { events(count: $count) { seq lines { quantity person { name } } } }';

const nextData = (events: SseEvent[]) => events.filter((event) => event.event === 'next').map((event) => event.data);

describe.each(['websocket', 'sse'] as const)('GraphQL source subscriptions over %s', (transport) => {
  let events: EventsService;
  let people: TestServer;
  let peopleBatches: string[][];
  let project: TempProject;
  const gateways: TestGateway[] = [];
  let url: string;

  async function gateway(config: Record<string, unknown> = {}): Promise<string> {
    const started = await startTestGateway({ sourcesDir: project.sourcesDir, env: { EVENTS_URL: events.url, PEOPLE_URL: people.url }, config });
    gateways.push(started);
    return `${started.server.url}/graphql`;
  }

  beforeAll(async () => {
    events = await startEventsService();
    peopleBatches = [];
    people = await startGraphQLServer({
      typeDefs: PEOPLE_SDL,
      resolvers: {
        Query: {
          peopleByIds: (_: unknown, { ids }: { ids: string[] }) => {
            peopleBatches.push(ids);
            return ids.map((id) => ({ id, name: `Person ${id}` }));
          },
        },
      },
    });
    project = await tempProject({
      'sources/events/source.yaml': [
        'kind: graphql',
        'endpoint: ${EVENTS_URL}',
        'schema: schema.graphql',
        'headers: { forward: [x-tenant], set: { x-api-key: key-123 } }',
        `subscriptions: { transport: ${transport} }`,
        '',
      ].join('\n'),
      'sources/events/schema.graphql': EVENTS_SDL,
      'sources/people/source.yaml': 'kind: graphql\nendpoint: ${PEOPLE_URL}\nschema: schema.graphql\n',
      'sources/people/schema.graphql': PEOPLE_SDL,
      'schemas/links.graphql': LINKS,
    });
    url = await gateway();
  });
  afterAll(async () => {
    for (const started of gateways) await started.close();
    await events?.close();
    await people?.close();
    await project?.remove();
  });

  it('delivers every event, resolves the links of each event in one call, and sends the source headers', async () => {
    const batchesBefore = peopleBatches.length;
    const received = await subscribe(url, WATCH, { variables: { count: 3 }, headers: { 'x-tenant': 'acme' } });
    const data = nextData(received);
    expect(data).toEqual(
      [1, 2, 3].map((seq) => ({
        data: { events: { seq, lines: [1, 2, 1].map((n) => ({ quantity: n, person: { name: `Person ${seq + n}` } })) } },
      })),
    );
    expect(received.at(-1)!.event).toBe('complete');
    // One people call per event, with the event's distinct keys.
    expect(peopleBatches.slice(batchesBefore)).toEqual([
      ['2', '3'],
      ['3', '4'],
      ['4', '5'],
    ]);
    const seen = transport === 'websocket' ? events.connectionParams.at(-1) : events.httpHeaders.at(-1);
    expect(seen).toMatchObject({ 'x-tenant': 'acme', 'x-api-key': 'key-123' });
  });

  it('runs the same through the standard executor', async () => {
    const standard = await gateway({ execution: { planner: false } });
    const received = await subscribe(standard, WATCH, { variables: { count: 2 } });
    expect(nextData(received)).toEqual(nextData(await subscribe(url, WATCH, { variables: { count: 2 } })));
    expect(nextData(received)).toHaveLength(2);
  });

  it('closes the upstream subscription when the client leaves', async () => {
    const opened = events.opened();
    const received = await subscribe(url, WATCH, { limit: 2 });
    expect(nextData(received)).toHaveLength(2);
    expect(events.opened()).toBe(opened + 1);
    await expect.poll(() => events.active(), { timeout: 3000 }).toBe(0);
  });

  it('ends with UPSTREAM_ERROR when the service goes away mid-stream', async () => {
    const opened = events.opened();
    const stream = subscribe(url, WATCH);
    await expect.poll(() => events.opened(), { timeout: 3000 }).toBe(opened + 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    events.dropConnections();
    const received = await stream;
    const data = nextData(received);
    expect(data.length).toBeGreaterThan(0);
    expect(data.at(-1).errors[0]).toMatchObject({ extensions: { code: 'UPSTREAM_ERROR', source: 'events' } });
    expect(received.at(-1)!.event).toBe('complete');
  });
});

describe('the subscriptions key of a GraphQL source', () => {
  it('names the key and the allowed values when the transport is unknown', async () => {
    const project = await tempProject({
      'sources/events/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\nsubscriptions: { transport: pigeon }\n',
      'sources/events/schema.graphql': EVENTS_SDL,
    });
    try {
      await expect(startTestGateway({ sourcesDir: project.sourcesDir })).rejects.toThrow(/source\.yaml.*subscriptions\.transport.*websocket.*sse/s);
    } finally {
      await project.remove();
    }
  });
});
