import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, buildSchema, parse, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DEMO_ARGUMENTS } from './demo-arguments.js';
import { startDemoGateway, type StartDemoGatewayOptions } from './demo-project.js';
import { generateOperations, type GeneratedOperation } from './operation-generator.js';

type DemoGateway = Awaited<ReturnType<typeof startDemoGateway>>;

/** Deepest field nesting of the operation, fragments counted where they are spread. */
function depthOf(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const depth = (node: { selectionSet?: { selections: readonly any[] } }): number =>
    Math.max(
      0,
      ...(node.selectionSet?.selections ?? []).map((selection) =>
        selection.kind === Kind.FIELD
          ? 1 + depth(selection)
          : depth(selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)! : selection),
      ),
    );
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)!;
  return depth(operation);
}

describe('generateOperations', () => {
  let demo: DemoGateway;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    // Composing reads the demo's schema files only: no service needs to run.
    demo = await startDemoGateway({} satisfies StartDemoGatewayOptions);
    schema = demo.gateway.schema();
  });
  afterAll(async () => {
    await demo?.close();
  });

  it.each(['first', 'second', 'third'])('draws only valid operations over the demo schema (seed %s)', (seed) => {
    const operations = generateOperations(schema, { seed, count: 200, argumentValues: DEMO_ARGUMENTS });
    expect(operations).toHaveLength(200);
    for (const { document } of operations) expect(validate(schema, parse(document)).map(String), document).toEqual([]);
  });

  it('draws the same operations for the same seed, and others for another', () => {
    const draw = (seed: string) => generateOperations(schema, { seed, count: 20, argumentValues: DEMO_ARGUMENTS });
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('keeps to maxDepth, maxRootFields and the argument values it is given', () => {
    const operations = generateOperations(schema, { seed: 'bounds', count: 200, maxDepth: 3, maxRootFields: 2, argumentValues: DEMO_ARGUMENTS });
    for (const { document, variables } of operations) {
      const parsed = parse(document);
      expect(depthOf(parsed), document).toBeLessThanOrEqual(3);
      // Up to two drawn root fields, each maybe twice, and maybe __typename.
      const operation = parsed.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)!;
      expect(operation.selectionSet.selections.length).toBeLessThanOrEqual(5);
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === 'boolean') continue;
        expect(
          Object.values(DEMO_ARGUMENTS).some((candidates) => candidates.some((candidate) => JSON.stringify(candidate) === JSON.stringify(value))),
          name,
        ).toBe(true);
      }
      for (const limit of document.matchAll(/limit: (\d+)/g)) expect(Number(limit[1])).toBeLessThanOrEqual(5);
    }
  });

  it('draws every shape it promises', () => {
    const operations = generateOperations(schema, { seed: 'shapes', count: 300, argumentValues: DEMO_ARGUMENTS });
    const seen = new Set<string>();
    for (const operation of operations) for (const shape of shapesOf(operation)) seen.add(shape);
    expect([...seen].sort()).toEqual(
      [
        'alias',
        'default value',
        'fragment shared by two root fields',
        'include',
        'inline fragment',
        'inline fragment without type',
        'link two levels down',
        'same field twice with other arguments',
        'several root fields of several sources',
        'skip',
        'typename',
        'variable',
      ].sort(),
    );
  });

  it('draws valid operations with type conditions over interfaces and unions', () => {
    const sdl = `
      interface Node { id: ID! }
      type Book implements Node { id: ID!, title: String, author: Person }
      type Person implements Node { id: ID!, name: String, books(first: Int!): [Book!] }
      union Result = Book | Person
      type Query { node(id: ID!): Node, search(text: String!): [Result!]!, people: [Person] }`;
    const other = buildSchema(sdl);
    const operations = generateOperations(other, { seed: 'abstract', count: 200 });
    for (const { document } of operations) expect(validate(other, parse(document)).map(String), document).toEqual([]);
    const text = operations.map((operation) => operation.document).join('\n');
    expect(text).toMatch(/\.\.\. on Book/);
    expect(text).toMatch(/fragment F\d+ on Person/);
  });
});

/** The shapes of `generateOperations`' promise that one operation shows. */
function shapesOf({ document }: GeneratedOperation): string[] {
  const shapes = new Set<string>();
  const parsed = parse(document);
  const rootSpreads = new Map<string, Set<string>>();
  const roots: { name: string; args: string }[] = [];
  let fieldDepth = 0;
  visit(parsed, {
    OperationDefinition(node) {
      for (const selection of node.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        roots.push({ name: selection.name.value, args: JSON.stringify(selection.arguments?.map((arg) => arg.value)) });
        visit(selection, {
          FragmentSpread: (spread) =>
            void rootSpreads.set(spread.name.value, (rootSpreads.get(spread.name.value) ?? new Set()).add(selection.alias?.value ?? '')),
        });
      }
      if (node.variableDefinitions?.length) shapes.add('variable');
      if (node.variableDefinitions?.some((definition) => definition.defaultValue)) shapes.add('default value');
    },
    Field: {
      enter(node) {
        fieldDepth++;
        if (node.alias) shapes.add('alias');
        if (node.name.value === '__typename') shapes.add('typename');
        if (fieldDepth === 3 && node.name.value === 'product') shapes.add('link two levels down');
      },
      leave() {
        fieldDepth--;
      },
    },
    InlineFragment(node) {
      shapes.add(node.typeCondition ? 'inline fragment' : 'inline fragment without type');
    },
    Directive(node) {
      shapes.add(node.name.value);
    },
  });
  if ([...rootSpreads.values()].some((owners) => owners.size > 1)) shapes.add('fragment shared by two root fields');
  if (roots.some((a, i) => roots.some((b, j) => i !== j && a.name === b.name && a.args !== b.args))) shapes.add('same field twice with other arguments');
  const sources = new Set(
    roots.map(({ name }) => (/^(users?|usersByIds)$/.test(name) ? 'users' : /Order/.test(name) ? 'orders' : /^stocks?$/.test(name) ? 'inventory' : 'products')),
  );
  if (sources.size > 1) shapes.add('several root fields of several sources');
  return [...shapes];
}
