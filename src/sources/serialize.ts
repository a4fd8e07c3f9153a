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

/** `at` is the JSON pointer of `value`, given only on the pass that locates wrong shapes. */
type Serialize = (value: unknown, context: unknown, at?: string) => unknown;

export interface SerializerOptions {
  /** The error that stands in for a value of the wrong shape (`expected` says what was declared). */
  wrongShape(expected: string): Error;
}

export interface Serializer {
  forType(type: GraphQLOutputType): Serialize;
  /** How many values of the wrong shape were met so far; compare before and after a call. */
  readonly wrongShapes: number;
  /** Where the wrong shapes of `value` sit, as JSON pointers (at most `limit`); serializes it again to find them. */
  locateWrongShapes(type: GraphQLOutputType, value: unknown, context: unknown, limit?: number): string[];
}

/**
 * Turns what a source's resolvers produce into the form its execution would have answered, for
 * every field at once: leaf values serialized by the source's own scalar and enum types, fields
 * read through the source's field resolvers, `__typename` set on abstract values. The gateway then
 * reads the fields a client selected straight from these objects, without executing the source.
 *
 * A value that does not have its declared shape (an object where a list is declared, a string
 * where an object is, a leaf its scalar cannot serialize, nothing where a value is required) is never coerced: it is kept as the
 * error `wrongShape` makes, which the gateway reports on that field's path only if it is selected.
 */
export function createSerializer(schema: GraphQLSchema, options: SerializerOptions): Serializer {
  const compiled = new Map<GraphQLOutputType, Serialize>();
  let wrongShapes = 0;
  // Set only while locateWrongShapes runs (serialization is synchronous).
  let located: string[] | undefined;

  const wrong = (expected: string, at: string | undefined): Error => {
    wrongShapes++;
    if (located && at !== undefined) located.push(at || '/');
    return options.wrongShape(expected);
  };
  const child = (at: string | undefined, key: string | number) =>
    at === undefined ? undefined : `${at}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

  function forType(type: GraphQLOutputType): Serialize {
    let serialize = compiled.get(type);
    if (serialize) return serialize;
    // Placeholder first: recursive types refer to themselves while being compiled.
    compiled.set(type, (value, context, at) => serialize!(value, context, at));
    serialize = compile(type);
    compiled.set(type, serialize);
    return serialize;
  }

  function compile(type: GraphQLOutputType): Serialize {
    if (isNonNullType(type)) {
      // A required value the service left out: the service's fault, where graphql-js would only see a bare null.
      const inner = forType(type.ofType);
      return (value, context, at) => (value == null ? wrong('a value (it is required)', at) : inner(value, context, at));
    }
    if (isListType(type)) {
      const item = forType(type.ofType);
      return (value, context, at) => {
        if (Array.isArray(value)) return value.map((entry, index) => item(entry, context, child(at, index)));
        return value == null || value instanceof Error ? (value ?? null) : wrong('a list', at);
      };
    }
    if (isLeafType(type)) {
      return (value, _context, at) => {
        if (value == null || value instanceof Error) return value ?? null;
        try {
          return type.serialize(value);
        } catch {
          return wrong(`a valid ${type.name}`, at);
        }
      };
    }
    if (isObjectType(type)) return compileObject(type, false);
    return compileAbstract(type);
  }

  const notAnObject = (value: unknown) => typeof value !== 'object' || Array.isArray(value);

  function compileObject(type: GraphQLObjectType, withTypename: boolean): Serialize {
    const fields = Object.values(type.getFields()).map((field) => ({
      name: field.name,
      wire: typeof field.extensions['wireName'] === 'string' ? field.extensions['wireName'] : field.name,
      resolve: field.resolve,
      serialize: forType(field.type),
    }));
    return (value, context, at) => {
      if (value == null || value instanceof Error) return value ?? null;
      if (notAnObject(value)) return wrong(`an object (${type.name})`, at);
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = withTypename ? { __typename: type.name } : {};
      for (const field of fields) {
        const raw = field.resolve ? field.resolve(source, {}, context, undefined as never) : source[field.name];
        out[field.name] = field.serialize(raw, context, child(at, field.wire));
      }
      return out;
    };
  }

  function compileAbstract(type: GraphQLAbstractType): Serialize {
    const members = new Map(schema.getPossibleTypes(type).map((member) => [member.name, compileObject(member, true)]));
    return (value, context, at) => {
      if (value == null || value instanceof Error) return value ?? null;
      if (notAnObject(value)) return wrong(`an object (${type.name})`, at);
      const resolved = type.resolveType ? type.resolveType(value, context, undefined as never, type) : (value as { __typename?: string }).__typename;
      const name = typeof resolved === 'string' ? resolved : undefined;
      const member = name === undefined ? undefined : members.get(name);
      return member ? member(value, context, at) : wrong(`one of the members of ${type.name}`, at);
    };
  }

  return {
    forType,
    get wrongShapes() {
      return wrongShapes;
    },
    locateWrongShapes(type, value, context, limit = 10) {
      located = [];
      try {
        forType(type)(value, context, '');
        return located.slice(0, limit);
      } finally {
        located = undefined;
      }
    },
  };
}
