import {
  GraphQLError,
  OperationTypeNode,
  getNamedType,
  isCompositeType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { SourceView } from '../sources/source-view.js';
import { execute } from '../execution/execute/execute-request.js';

/** The alias a resolver's call is answered under. */
const RESULT = 'result';

/**
 * A root field of a GraphQL source as a resolver calls it: one document per selection (the service
 * answers only the fields a call names), sent through the source's executor, so the call takes the
 * source's client with its deadline, retries, breaker, metrics and span like any other.
 */
export interface DocumentCall {
  send(args: Record<string, unknown>, selection: string | undefined, context: object): Promise<unknown>;
}

export function documentCall(view: SourceView, field: GraphQLField<unknown, unknown>, rootType: 'Query' | 'Mutation'): DocumentCall {
  const documents = new Map<string, DocumentNode | Error>();
  const composite = isCompositeType(getNamedType(field.type));
  const documentFor = (names: readonly string[], selection: string | undefined): DocumentNode | Error => {
    const id = `${names.join(',')}\u0000${selection ?? ''}`;
    let found = documents.get(id);
    if (!found) {
      found = buildDocument(view.entry.loaded.schema, field, rootType, names, selection, composite);
      documents.set(id, found);
    }
    return found;
  };
  return {
    async send(args, selection, context) {
      const names = Object.keys(args)
        .filter((name) => args[name] !== undefined)
        .sort();
      const document = documentFor(names, selection);
      if (document instanceof Error) throw document;
      const result = await execute(view.subschema.executor!, {
        document,
        variables: args,
        operationType: (rootType === 'Query' ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION) as never,
        context,
      });
      const data = (result.data ?? null) as Record<string, unknown> | null;
      if (result.errors?.length && (data === null || data[RESULT] === null || data[RESULT] === undefined)) throw result.errors[0]!;
      return data?.[RESULT] ?? null;
    },
  };
}

function buildDocument(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  rootType: 'Query' | 'Mutation',
  names: readonly string[],
  selection: string | undefined,
  composite: boolean,
): DocumentNode | Error {
  const fail = (message: string) => new GraphQLError(`context.call: ${message}`);
  if (composite && !selection)
    return fail(`${rootType}.${field.name} returns ${getNamedType(field.type).name}: name the fields to fetch with { selection: "..." }`);
  if (!composite && selection) return fail(`${rootType}.${field.name} returns a ${getNamedType(field.type).name}, which takes no selection`);
  const definitions = [];
  for (const name of names) {
    const arg = field.args.find((candidate) => candidate.name === name);
    if (!arg) return fail(`${rootType}.${field.name} has no argument "${name}"`);
    definitions.push(`$${name}: ${String(arg.type)}`);
  }
  const args = names.map((name) => `${name}: $${name}`).join(', ');
  const text = `${rootType === 'Query' ? 'query' : 'mutation'}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${RESULT}: ${field.name}${args ? `(${args})` : ''}${selection ? ` { ${selection} }` : ''} }`;
  let document: DocumentNode;
  try {
    document = parse(text, { noLocation: true });
  } catch (error) {
    return fail(`the selection "${selection}" is not valid GraphQL: ${(error as Error).message}`);
  }
  // Checked here against the source's schema, so a mistake names the resolver's call rather than
  // coming back as the service's refusal.
  const [invalid] = validate(schema, document);
  return invalid ? fail(invalid.message) : document;
}
