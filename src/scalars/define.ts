import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { invalidInput, invalidOutput } from './errors.js';

export interface ScalarDefinition<T> {
  name: string;
  description: string;
  specifiedByURL: string;
  /** What a valid value looks like, for messages ("an RFC 3339 date-time such as ..."). */
  expected: string;
  /** The value of a literal of an accepted kind; literals of other kinds are refused. Default: string literals, as their text. */
  literal?: (node: ValueNode) => unknown;
  /** A client's value in the scalar's one written form, or undefined when it is refused. */
  parse(value: unknown): T | undefined;
  /** A service's value in the written form, or undefined; default `parse`. */
  serialize?(value: unknown): T | undefined;
}

const stringLiteral = (node: ValueNode): unknown => (node.kind === Kind.STRING ? node.value : undefined);

/**
 * A scalar that checks every value the same way whether it comes from a variable, a literal or a
 * service. Its internal value is its written form (a JSON value): stitching hands variables to
 * GraphQL sources as the gateway coerced them, so they must already be what a service reads.
 */
export function defineScalar<T>(definition: ScalarDefinition<T>): GraphQLScalarType<T, T> {
  const { name, expected, parse } = definition;
  const serialize = definition.serialize ?? parse;
  const literal = definition.literal ?? stringLiteral;
  return new GraphQLScalarType<T, T>({
    name,
    description: definition.description,
    specifiedByURL: definition.specifiedByURL,
    serialize(value) {
      const written = serialize(value);
      if (written === undefined) throw invalidOutput(name, value, expected);
      return written;
    },
    parseValue(value) {
      const parsed = parse(value);
      if (parsed === undefined) throw invalidInput(name, value, expected);
      return parsed;
    },
    parseLiteral(node) {
      const value = literal(node);
      const parsed = value === undefined ? undefined : parse(value);
      if (parsed === undefined) throw invalidInput(name, undefined, expected, node);
      return parsed;
    },
  });
}

/** A parse function for text scalars: the value itself when it is a string matching `pattern`. */
export function textMatching(pattern: RegExp): (value: unknown) => string | undefined {
  return (value) => (typeof value === 'string' && pattern.test(value) ? value : undefined);
}
