import { print, type FieldNode, type GraphQLFieldResolver, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { MergedTypeResolver } from '@graphql-tools/delegate';
import { loadByKey, type ItemSelection, type KeyedCall } from './keyed-call.js';
import type { LinkRuntime } from './runtime.js';

/** A field resolved by another source's operation, as validated from `@resolveBy`. */
export interface FieldLink extends KeyedCall {
  /** Parent field holding the key. */
  key: string;
}

// Calls whose selections print the same share a loader (the same fragment under three aliases is
// one batch). graphql-js hands every sibling the same fieldNodes array and stitching reuses selection
// sets, so each is printed once per request, not per object.
const selectionsByNode = new WeakMap<object, ItemSelection>();
function itemSelection(node: object, selections: () => readonly SelectionNode[]): ItemSelection {
  let selection = selectionsByNode.get(node);
  if (!selection) {
    const list = selections();
    selection = { id: list.map((item) => print(item)).join(' '), selections: list };
    selectionsByNode.set(node, selection);
  }
  return selection;
}

export function linkResolver(link: FieldLink, runtime: LinkRuntime): GraphQLFieldResolver<Record<string, unknown> | null, object> {
  return (parent, _args, context, info) => {
    const key = parent?.[link.key];
    if (key === null || key === undefined) return link.many ? [] : null;
    const selection = itemSelection(info.fieldNodes, () => info.fieldNodes.flatMap((node: FieldNode) => node.selectionSet?.selections ?? []));
    // Errors come back without a path; graphql-js puts each on the path of the parent that asked.
    return loadByKey(link, runtime, context, info, selection, key);
  };
}

/** Entity merging through the same per-request loaders as links (results matched by key, any order). */
export function mergeResolver(call: KeyedCall, runtime: LinkRuntime): MergedTypeResolver {
  return (_original, context, info, _subschema, selectionSet: SelectionSetNode, key) => {
    const selection = itemSelection(selectionSet, () => selectionSet.selections);
    return loadByKey(call, runtime, context as object, info, selection, key);
  };
}
