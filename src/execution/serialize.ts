import {
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLAbstractType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

type Serialize = (value: unknown, context: unknown) => unknown;

/**
 * Turns what a source's resolvers produce into the form its execution would have answered, for
 * every field at once: leaf values serialized by the source's own scalar and enum types, fields
 * read through the source's field resolvers, `__typename` set on abstract values. The gateway then
 * reads the fields a client selected straight from these objects, without executing the source.
 *
 * A leaf that fails to serialize is kept as its Error: the gateway reports it only if it is selected.
 */
export function createSerializer(schema: GraphQLSchema) {
  const compiled = new Map<GraphQLOutputType, Serialize>();

  function forType(type: GraphQLOutputType): Serialize {
    let serialize = compiled.get(type);
    if (serialize) return serialize;
    // Placeholder first: recursive types refer to themselves while being compiled.
    compiled.set(type, (value, context) => serialize!(value, context));
    serialize = compile(type);
    compiled.set(type, serialize);
    return serialize;
  }

  function compile(type: GraphQLOutputType): Serialize {
    if (isNonNullType(type)) return forType(type.ofType);
    if (isListType(type)) {
      const item = forType(type.ofType);
      return (value, context) => (Array.isArray(value) ? value.map((entry) => item(entry, context)) : value == null ? null : [item(value, context)]);
    }
    if (isLeafType(type)) {
      return (value) => {
        if (value == null) return null;
        try {
          return type.serialize(value);
        } catch (error) {
          return error;
        }
      };
    }
    if (isObjectType(type)) return compileObject(type, false);
    return compileAbstract(type);
  }

  function compileObject(type: GraphQLObjectType, withTypename: boolean): Serialize {
    const fields = Object.values(type.getFields()).map((field) => ({ name: field.name, resolve: field.resolve, serialize: forType(field.type) }));
    return (value, context) => {
      if (value == null || typeof value !== 'object') return null;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = withTypename ? { __typename: type.name } : {};
      for (const field of fields) {
        const raw = field.resolve ? field.resolve(source, {}, context, undefined as never) : source[field.name];
        out[field.name] = field.serialize(raw, context);
      }
      return out;
    };
  }

  function compileAbstract(type: GraphQLAbstractType): Serialize {
    const members = new Map(schema.getPossibleTypes(type).map((member) => [member.name, compileObject(member, true)]));
    return (value, context) => {
      if (value == null || typeof value !== 'object') return null;
      const resolved = type.resolveType ? type.resolveType(value, context, undefined as never, type) : (value as { __typename?: string }).__typename;
      const name = typeof resolved === 'string' ? resolved : undefined;
      const member = name === undefined ? undefined : members.get(name);
      return member ? member(value, context) : new Error(`cannot tell which member of ${type.name} this value is`);
    };
  }

  return { forType };
}
