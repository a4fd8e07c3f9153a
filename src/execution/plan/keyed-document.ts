import {
  Kind,
  OperationTypeNode,
  parseType,
  type DocumentNode,
  type OperationDefinitionNode,
  type FieldNode,
  type SelectionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { KeyedCall } from '../../links/keyed-call.js';
import { KEY_ALIAS } from '../../links/selection.js';
import type { SelectionBuilder } from './selection-builder.js';

/** The variable that carries the key (or the list of keys) of a keyed fetch. */
export const KEYS_VARIABLE = '_plexusKeys';
/** The alias of the operation's root field in a keyed fetch's document. */
export const ITEMS_ALIAS = '_plexusItems';

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const field = (fieldName: string, selections?: readonly SelectionNode[], alias?: string, args?: FieldNode['arguments']): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  ...(alias && { alias: name(alias) }),
  ...(args && { arguments: args }),
  ...(selections && { selectionSet: { kind: Kind.SELECTION_SET, selections } }),
});

/**
 * `query($_plexusKeys: [ID!]!) { _plexusItems: productsByIds(ids: $_plexusKeys) { …items… _plexusKey: id } }`:
 * the document a keyed fetch sends to a GraphQL source, for one key or a batch of keys.
 */
export function keyedDocument(call: KeyedCall, sourceField: string, items: SelectionBuilder, variables: readonly VariableDefinitionNode[]): DocumentNode {
  const { target } = call;
  // `_entities` answers the union `_Entity`: the fields go under the entity's type.
  const itemSelections: SelectionNode[] = target.entityType
    ? [{ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: name(target.entityType) }, selectionSet: items.selectionSet() }]
    : [...items.selectionSet().selections];
  if (target.batch && target.matchOn) itemSelections.push(keyField(target.matchOn));
  let selections = itemSelections;
  for (const segment of [...(target.results ?? [])].reverse()) selections = [field(segment, selections)];
  // The key goes where the operation takes it, inside input objects for a dotted argument.
  let value: ValueNode = { kind: Kind.VARIABLE, name: name(KEYS_VARIABLE) };
  for (const segment of target.argumentPath.slice(1).reverse())
    value = { kind: Kind.OBJECT, fields: [{ kind: Kind.OBJECT_FIELD, name: name(segment), value }] };
  const argument = { kind: Kind.ARGUMENT, name: name(target.argumentPath[0]!), value } as const;
  const keys: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: name(KEYS_VARIABLE) },
    type: parseType(String(target.argumentType)),
  };
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    variableDefinitions: [keys, ...variables],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field(sourceField, selections, ITEMS_ALIAS, [argument])] },
  };
  return { kind: Kind.DOCUMENT, definitions: [operation] };
}

/** `_plexusKey: a { b }` for the match key at path a.b. */
function keyField(path: readonly string[]): FieldNode {
  let node: FieldNode | undefined;
  for (let index = path.length - 1; index >= 0; index--) node = field(path[index]!, node && [node], index === 0 ? KEY_ALIAS : undefined);
  return node!;
}
