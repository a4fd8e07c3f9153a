import { describe, expect, it } from 'vitest';
import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLUnionType } from 'graphql';
import { createSerializer } from '../../src/sources/serialize.js';

const Status = new GraphQLEnumType({ name: 'Status', values: { in_progress: { value: 'in-progress' }, done: { value: 'done' } } });
const Cat = new GraphQLObjectType({ name: 'Cat', fields: { meows: { type: GraphQLInt } } });
const Dog = new GraphQLObjectType({ name: 'Dog', fields: { barks: { type: GraphQLInt } } });
const Pet = new GraphQLUnionType({ name: 'Pet', types: [Cat, Dog], resolveType: (value: { kind: string }) => (value.kind === 'cat' ? 'Cat' : 'Dog') });
const Task: GraphQLObjectType = new GraphQLObjectType({
  name: 'Task',
  fields: () => ({
    title: { type: new GraphQLNonNull(GraphQLString) },
    // A renamed property, read by the source's own field resolver.
    ownerName: { type: GraphQLString, resolve: (task: Record<string, unknown>) => task['owner-name'] },
    status: { type: Status },
    count: { type: GraphQLInt },
    pet: { type: Pet },
    subtasks: { type: new GraphQLList(Task) },
  }),
});
const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { task: { type: Task } } }) });

class WrongShape extends Error {}

describe('createSerializer', () => {
  const serializer = createSerializer(schema, { wrongShape: (expected) => new WrongShape(expected) });
  const serialize = serializer.forType(Task);

  it('answers every field the way execution would: field resolvers, enum names, unions with __typename, nested lists', () => {
    const value = serialize(
      { title: 'a', 'owner-name': 'Ada', status: 'in-progress', count: 3, pet: { kind: 'cat', meows: 2 }, subtasks: [{ title: 'b', status: 'done' }] },
      {},
    );
    expect(value).toEqual({
      title: 'a',
      ownerName: 'Ada',
      status: 'in_progress',
      count: 3,
      pet: { __typename: 'Cat', meows: 2 },
      subtasks: [{ title: 'b', ownerName: null, status: 'done', count: null, pet: null, subtasks: null }],
    });
  });

  it('keeps a value that cannot be serialized as its error, for the gateway to report only if selected', () => {
    const value = serialize({ title: 'a', status: 'unknown', count: 1.5 }, {}) as Record<string, unknown>;
    expect(value['status']).toBeInstanceOf(WrongShape);
    expect(value['count']).toBeInstanceOf(WrongShape);
    expect(value['title']).toBe('a');
  });

  it('never coerces a value of the wrong shape: an object for a list, a string for a list, a list or a scalar for an object', () => {
    const value = serialize({ title: 'a', subtasks: { title: 'b' }, pet: [{ kind: 'cat' }] }, {}) as Record<string, unknown>;
    expect(value['subtasks']).toEqual(new WrongShape('a list'));
    expect(value['pet']).toEqual(new WrongShape('an object (Pet)'));
    expect((serialize({ title: 'a', subtasks: 'b' }, {}) as Record<string, unknown>)['subtasks']).toEqual(new WrongShape('a list'));
    expect(serialize('a task', {})).toEqual(new WrongShape('an object (Task)'));
    expect(serialize([{ title: 'a' }], {})).toEqual(new WrongShape('an object (Task)'));
  });

  it("locates the wrong shapes as JSON pointers in the service's own property names", () => {
    const raw = { title: 'a', 'owner-name': 'Ada', subtasks: [{ title: 'b' }, { title: 'c', subtasks: { title: 'd' } }], pet: 'cat' };
    const before = serializer.wrongShapes;
    serialize(raw, {});
    expect(serializer.wrongShapes).toBe(before + 2);
    expect(serializer.locateWrongShapes(Task, raw, {})).toEqual(['/pet', '/subtasks/1/subtasks']);
  });
});
