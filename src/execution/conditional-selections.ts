import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

const conditioned = (selection: SelectionNode) => selection.directives?.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include') ?? false;

/** A response key selected more than once in one merged selection set, once at least under `@skip` or `@include`. */
export function conditionalDuplicate(document: DocumentNode, operation: OperationDefinitionNode): string | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  // Type conditions are left out: fields of every branch are merged, which can only find more keys twice.
  const check = (sets: readonly SelectionSetNode[], path: readonly string[]): string | undefined => {
    const byKey = new Map<string, { field: FieldNode; conditional: boolean }[]>();
    const collect = (set: SelectionSetNode, conditional: boolean, visiting: Set<string>) => {
      for (const selection of set.selections) {
        const here = conditional || conditioned(selection);
        if (selection.kind === Kind.FIELD) {
          const key = (selection.alias ?? selection.name).value;
          byKey.set(key, [...(byKey.get(key) ?? []), { field: selection, conditional: here }]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet, here, visiting);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || visiting.has(fragment.name.value)) continue;
          visiting.add(fragment.name.value);
          collect(fragment.selectionSet, here, visiting);
          visiting.delete(fragment.name.value);
        }
      }
    };
    for (const set of sets) collect(set, false, new Set());
    for (const [key, occurrences] of byKey) {
      if (occurrences.length > 1 && occurrences.some(({ conditional }) => conditional)) {
        return `${[...path, key].join('.')} is selected more than once, under @skip or @include`;
      }
    }
    for (const [key, occurrences] of byKey) {
      const below = occurrences.flatMap(({ field }) => (field.selectionSet ? [field.selectionSet] : []));
      const found = below.length ? check(below, [...path, key]) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return check([operation.selectionSet], []);
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
 * Why: delegation to a GraphQL source merges selections by response key without looking at their
 * directives, so `name @skip(if: $v) name` reaches the service as the skipped selection alone.
 * Deciding the conditions first leaves nothing for that merge to get wrong.
 */
export function decideConditions(document: DocumentNode, operation: OperationDefinitionNode, variableValues: Record<string, unknown>): DocumentNode | undefined {
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
