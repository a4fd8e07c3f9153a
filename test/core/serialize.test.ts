import { describe, expect, it } from 'vitest';
import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLUnionType } from 'graphql';
import { createSerializer } from '../../src/execution/serialize.js';

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

describe('createSerializer', () => {
  const serialize = createSerializer(schema).forType(Task);

  it('answers every field the way execution would: field resolvers, enum names, unions with __typename, nested lists', () => {
    const value = serialize({ title: 'a', 'owner-name': 'Ada', status: 'in-progress', count: 3, pet: { kind: 'cat', meows: 2 }, subtasks: [{ title: 'b', status: 'done' }] }, {});
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
    expect(value['status']).toBeInstanceOf(Error);
    expect(value['count']).toBeInstanceOf(Error);
    expect(value['title']).toBe('a');
  });
});
