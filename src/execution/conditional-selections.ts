import { BREAK, Kind, visit, type DocumentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

/** Whether any selection of the document carries `@skip` or `@include`. */
export function hasConditions(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** What `@skip`/`@include` decide for one selection: true to keep it, undefined when a value is not a Boolean. */
function included(selection: SelectionNode, variables: Record<string, unknown>): boolean | undefined {
  let keep = true;
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((arg) => arg.name.value === 'if')?.value;
    const value = argument?.kind === Kind.BOOLEAN ? argument.value : argument?.kind === Kind.VARIABLE ? variables[argument.name.value] : undefined;
    if (typeof value !== 'boolean') return undefined;
    if (name === 'skip' ? value : !value) keep = false;
  }
  return keep;
}

/**
 * The document with every `@skip`/`@include` decided for these variables: the selections they
 * exclude are removed and the directives of the others dropped, as field collection would decide
 * them. A selection set they would empty is left as written (it answers `{}` either way, and a
 * selection set cannot be empty). Undefined when a condition's value is not a Boolean: execution
 * refuses those variables itself.
 *
 * Why: delegation merges selections by response key without looking at their directives, so
 * `name @skip(if: $v) name` reaches the service as the skipped selection alone, and a link's key
 * selected under a condition that excludes it is never fetched. Deciding the conditions first
 * leaves nothing for that merge to get wrong.
 */
export function decideConditions(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variableValues: Record<string, unknown>,
): DocumentNode | undefined {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const given = variableValues[name];
    const fallback = definition.defaultValue?.kind === Kind.BOOLEAN ? definition.defaultValue.value : undefined;
    variables[name] = given === undefined ? fallback : given;
  }
  let undecided = false;
  const decide = (set: SelectionSetNode): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    for (const selection of set.selections) {
      const keep = included(selection, variables);
      if (keep === undefined) undecided = true;
      if (!keep) continue;
      const directives = selection.directives?.filter((directive) => directive.name.value !== 'skip' && directive.name.value !== 'include');
      const selectionSet = 'selectionSet' in selection && selection.selectionSet ? decide(selection.selectionSet) : undefined;
      selections.push({ ...selection, directives, ...(selectionSet && { selectionSet }) } as SelectionNode);
    }
    return selections.length > 0 ? { ...set, selections } : set;
  };
  const definitions = document.definitions.map((definition) =>
    definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION ? { ...definition, selectionSet: decide(definition.selectionSet) } : definition,
  );
  return undecided ? undefined : { ...document, definitions };
}
