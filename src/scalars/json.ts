import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { invalidInput } from './errors.js';
import { SPECIFIED_BY } from './specs.js';

/**
 * Replaces bigints (integers beyond 2^53 read losslessly from a response) with their decimal text,
 * which JSON can carry. Copies only the containers on the way to a bigint.
 */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const safe = jsonSafe(item);
      if (safe !== item) (copy ??= value.slice())[index] = safe;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const safe = jsonSafe(item);
    if (safe !== item) (copy ??= { ...value })[key] = safe;
  }
  return copy ?? value;
}

const json = GraphQLJSON.toConfig();

/** An unquoted word anywhere in a literal (`{ color: red }`): GraphQL reads it as an enum value, which JSON has no place for. */
function wordIn(node: ValueNode): ValueNode | undefined {
  if (node.kind === Kind.ENUM) return node;
  const inner = node.kind === Kind.LIST ? node.values : node.kind === Kind.OBJECT ? node.fields.map((field) => field.value) : [];
  for (const value of inner) {
    const word = wordIn(value);
    if (word) return word;
  }
  return undefined;
}

/**
 * Any JSON value: free-form objects, maps, google.protobuf.Struct, Value, ListValue and Any. A
 * variable holds JSON by construction; graphql-scalars reads literals (variables inside included),
 * once no unquoted word in them has been found.
 */
export const JSONScalar = new GraphQLScalarType({
  ...json,
  description: 'Any JSON value.',
  specifiedByURL: SPECIFIED_BY.json,
  serialize: jsonSafe,
  parseLiteral(node, variables) {
    const word = wordIn(node);
    if (word) throw invalidInput('JSON', undefined, 'a JSON value (text must be quoted)', word);
    return json.parseLiteral(node, variables);
  },
});
