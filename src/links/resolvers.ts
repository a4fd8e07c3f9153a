import { print, type FieldNode, type GraphQLFieldResolver, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { MergedTypeResolver } from '@graphql-tools/delegate';
import { pathToArray, relocatedError } from '@graphql-tools/utils';
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
const selectionIds = new WeakMap<object, string>();
function selectionId(node: object, selections: readonly SelectionNode[]): string {
  let id = selectionIds.get(node);
  if (id === undefined) {
    id = selections.map((selection) => print(selection)).join(' ');
    selectionIds.set(node, id);
  }
  return id;
}

export function linkResolver(link: FieldLink, runtime: LinkRuntime): GraphQLFieldResolver<Record<string, unknown> | null, object> {
  return (parent, _args, context, info) => {
    const key = parent?.[link.key];
    if (key === null || key === undefined) return link.many ? [] : null;
    const selections = info.fieldNodes.flatMap((node: FieldNode) => node.selectionSet?.selections ?? []);
    const selection: ItemSelection = { id: selectionId(info.fieldNodes, selections), selections };
    return loadByKey(link, runtime, context, info, selection, key).catch((error: unknown) =>
      error instanceof Error && 'extensions' in error ? relocatedError(error as never, pathToArray(info.path)) : error,
    );
  };
}

/** Entity merging through the same per-request loaders as links (results matched by key, any order). */
export function mergeResolver(call: KeyedCall, runtime: LinkRuntime): MergedTypeResolver {
  return (_original, context, info, _subschema, selectionSet: SelectionSetNode, key) => {
    const selection: ItemSelection = { id: selectionId(selectionSet, selectionSet.selections), selections: selectionSet.selections };
    return loadByKey(call, runtime, context as object, info, selection, key);
  };
}
