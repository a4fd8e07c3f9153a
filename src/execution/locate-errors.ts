import { GraphQLError, Kind, getOperationAST, type DocumentNode, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Gives errors of a compiled execution what the standard executor gives them: graphql-js errors
 * (graphql-jit's own error class does not serialize its locations), located at the field their path
 * points at, and `errors` ahead of `data` in the result.
 */
export function locateErrors(result: ExecutionResult, document: DocumentNode, operationName: string | null | undefined): ExecutionResult {
  if (!result.errors?.length) return result;
  const operation = getOperationAST(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const errors = result.errors.map((error) => {
    // graphql-jit's errors pass instanceof GraphQLError but are another class; only real ones are kept.
    if (Object.getPrototypeOf(error) === GraphQLError.prototype && (error.locations?.length || !error.path)) return error;
    // graphql-js keeps an error that already has a path (a source's error, placed by delegation) as
    // it is, where graphql-jit wraps it at the resolver's field.
    const original = error.originalError;
    if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
    const nodes = error.path && operation ? fieldsAt(operation.selectionSet, error.path, fragments) : [];
    return new GraphQLError(error.message, {
      ...(nodes.length && { nodes }),
      ...(error.path && { path: error.path }),
      extensions: error.extensions,
      ...(error.originalError && { originalError: error.originalError }),
    });
  });
  const { data, extensions } = result;
  return { errors, ...(data !== undefined && { data }), ...(extensions !== undefined && { extensions }) };
}

/**
 * The field nodes the standard executor merges at `path`: every selection of that response key,
 * through fragments and inline fragments, below every node of the parent key (each fragment once
 * per level, as graphql-js collects fields). An error there is located at all of them.
 */
function fieldsAt(selectionSet: SelectionSetNode, path: ReadonlyArray<string | number>, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  let sets: readonly SelectionSetNode[] = [selectionSet];
  let found: FieldNode[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const visited = new Set<string>();
    found = sets.flatMap((set) => collectKey(set, segment, fragments, visited));
    if (!found.length) return [];
    sets = found.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return found;
}

function collectKey(set: SelectionSetNode, responseKey: string, fragments: Map<string, FragmentDefinitionNode>, visited: Set<string>): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === responseKey) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...collectKey(selection.selectionSet, responseKey, fragments, visited));
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) found.push(...collectKey(fragment.selectionSet, responseKey, fragments, visited));
    }
  }
  return found;
}
