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
    const node = error.path && operation ? fieldAt(operation.selectionSet, error.path, fragments) : undefined;
    return new GraphQLError(error.message, {
      ...(node && { nodes: [node] }),
      ...(error.path && { path: error.path }),
      extensions: error.extensions,
      ...(error.originalError && { originalError: error.originalError }),
    });
  });
  const { data, extensions } = result;
  return { errors, ...(data !== undefined && { data }), ...(extensions !== undefined && { extensions }) };
}

function fieldAt(selectionSet: SelectionSetNode, path: ReadonlyArray<string | number>, fragments: Map<string, FragmentDefinitionNode>): FieldNode | undefined {
  let set: SelectionSetNode | undefined = selectionSet;
  let found: FieldNode | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    found = set ? findField(set, segment, fragments) : undefined;
    if (!found) return undefined;
    set = found.selectionSet;
  }
  return found;
}

function findField(set: SelectionSetNode, responseKey: string, fragments: Map<string, FragmentDefinitionNode>): FieldNode | undefined {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === responseKey) return selection;
    const inner =
      selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : undefined;
    const found = inner && findField(inner, responseKey, fragments);
    if (found) return found;
  }
  return undefined;
}
