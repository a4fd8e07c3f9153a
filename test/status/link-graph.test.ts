import { afterAll, describe, expect, it } from 'vitest';
import { buildOffline } from '../../src/compose/build.js';
import { linkEdges } from '../../src/status/link-graph.js';
import { circleLayout, renderGraph } from '../../src/status/render-graph.js';
import type { LinkStatus, SourceStatus } from '../../src/status/status-report.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';

const PEOPLE = 'type Person { id: ID!, name: String }\ntype Query { people: [Person!]!, peopleByIds(ids: [ID!]!): [Person]! }\n';
const DIRECTORY = 'type Person { id: ID!, bio: String }\ntype Query { profiles(ids: [ID!]!): [Person!]! }\n';

let project: TempProject | undefined;
afterAll(async () => project?.remove());

describe('the link graph', () => {
  it('draws @merge from each other owner of the type and @resolveBy from every source with the key', async () => {
    project = await tempProject({
      // Never contacted: the schemas are in the folders.
      'sources/people/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
      'sources/people/schema.graphql': PEOPLE,
      'sources/directory/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n',
      'sources/directory/schema.graphql': DIRECTORY,
      'schemas/links.graphql': [
        'extend type Person @merge(source: "people", operation: "peopleByIds", key: "id", argument: "ids", matchOn: "id") @merge(source: "directory", operation: "profiles", key: "id", argument: "ids", matchOn: "id")',
        'extend type Person { friend: Person @resolveBy(source: "people", operation: "peopleByIds", key: "id") }',
        '',
      ].join('\n'),
    });
    const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    const edges = linkEdges(built.schema, ['directory', 'people']);
    expect(edges).toEqual([
      { id: 'Person.friend', kind: 'resolveBy', from: 'directory', to: 'people' },
      { id: 'Person.friend', kind: 'resolveBy', from: 'people', to: 'people' },
      { id: 'Person@directory', kind: 'merge', from: 'people', to: 'directory' },
      { id: 'Person@people', kind: 'merge', from: 'directory', to: 'people' },
    ]);

    const source = (name: string): SourceStatus => ({
      name,
      kind: 'graphql',
      ready: true,
      checkedAt: null,
      circuit: 'closed',
      calls: 0,
      errors: 0,
      callsPerSecond: 0,
      errorRate: 0,
      p50Ms: null,
      p99Ms: null,
    });
    const links: LinkStatus[] = edges.map((edge) => ({ ...edge, batches: 1, meanBatchSize: 2.5 }));
    const svg = renderGraph([source('directory'), source('people')], links);
    expect(svg.match(/<g class="node /g)).toHaveLength(2);
    // Two edges between the sources (one each way) and a loop for the link of people to itself.
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(3);
    // The two links from directory to people share one edge, one label line each.
    expect(svg).toContain('data-link="Person.friend directory">Person.friend ×2.5</tspan>');
    expect(svg).toContain('data-link="Person@people directory">Person@people ×2.5</tspan>');
  });

  it('places every source inside the picture, apart from the others', () => {
    for (const count of [1, 2, 3, 7, 12]) {
      const layout = circleLayout(Array.from({ length: count }, (_, index) => `s${index}`));
      const points = [...layout.nodes.values()];
      expect(points).toHaveLength(count);
      for (const point of points) {
        expect(point.x - 66).toBeGreaterThanOrEqual(0);
        expect(point.x + 66).toBeLessThanOrEqual(layout.width);
        expect(point.y - 22).toBeGreaterThanOrEqual(0);
        expect(point.y + 22).toBeLessThanOrEqual(layout.height);
      }
      for (const [index, a] of points.entries()) {
        for (const b of points.slice(index + 1)) expect(Math.abs(a.x - b.x) >= 132 || Math.abs(a.y - b.y) >= 44).toBe(true);
      }
    }
  });

  it('escapes what it writes into the markup', () => {
    const odd: SourceStatus = {
      name: 'a<b>&"c"',
      kind: 'graphql',
      ready: null,
      checkedAt: null,
      circuit: 'none',
      calls: 0,
      errors: 0,
      callsPerSecond: 0,
      errorRate: 0,
      p50Ms: null,
      p99Ms: null,
    };
    const svg = renderGraph([odd], []);
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(svg).not.toContain('a<b>');
  });
});
