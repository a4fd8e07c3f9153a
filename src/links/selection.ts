import { Kind, type FieldNode, type SelectionNode, type SelectionSetNode } from 'graphql';

/** Alias under which a link fetches the key of each item, out of the way of client aliases. */
export const KEY_ALIAS = '_plexusKey';

function field(name: string, selectionSet?: SelectionSetNode, alias?: string): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    ...(alias && { alias: { kind: Kind.NAME, value: alias } }),
    ...(selectionSet && { selectionSet }),
  };
}

function selectionSet(selections: readonly SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

/** `_plexusKey: a { b }` for a key at path a.b */
function keyField(path: readonly string[]): FieldNode {
  let node: FieldNode | undefined;
  for (let index = path.length - 1; index >= 0; index--) {
    const isFirst = index === 0;
    node = field(path[index]!, node && selectionSet([node]), isFirst ? KEY_ALIAS : undefined);
  }
  return node!;
}

/**
 * The root field a keyed call sends to its source: the selection wanted on each item (plus the
 * item key when results are matched on it), nested under the path to the items.
 */
export function delegatedField(
  fieldName: string,
  itemSelections: readonly SelectionNode[],
  matchOn?: readonly string[],
  results?: readonly string[],
): FieldNode {
  const selections: SelectionNode[] = matchOn ? [...itemSelections, keyField(matchOn)] : [...itemSelections];
  let items = selectionSet(selections);
  for (const segment of [...(results ?? [])].reverse()) items = selectionSet([field(segment, items)]);
  return field(fieldName, items);
}
