import { Kind, type FieldNode, type OperationTypeNode } from 'graphql';
import type { SourceView } from '../../sources/source-view.js';
import type { DocumentRootFetch, Fetch } from './query-plan.js';
import { SelectionBuilder } from './selection-builder.js';

interface Pending {
  fetch: DocumentRootFetch;
  builder: SelectionBuilder;
}

/**
 * The documents that carry root fields to GraphQL sources: one per source and plan for a query's
 * fields (when the source takes several in one request), one per field otherwise.
 */
export class RootDocuments {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly fetches: Fetch[]) {}

  /** Adds a root field under its response key to the document `documentKey`, made on first use; returns the builder of its selection. */
  add(
    documentKey: string,
    target: { source: string; view: SourceView; sourceField: string },
    operationType: OperationTypeNode,
    dependsOn: number[],
    responseKey: string,
    node: FieldNode,
    composite: boolean,
  ): { fetch: DocumentRootFetch; sub: SelectionBuilder | null | undefined } {
    let pending = this.pending.get(documentKey);
    if (!pending) {
      const fetch: DocumentRootFetch = {
        kind: 'documentRoot',
        id: this.fetches.length,
        source: target.source,
        dependsOn,
        level: 0,
        view: target.view,
        operationType,
        document: { kind: Kind.DOCUMENT, definitions: [] },
        variables: [],
        responseKeys: [],
      };
      this.fetches.push(fetch);
      pending = { fetch, builder: new SelectionBuilder() };
      this.pending.set(documentKey, pending);
    }
    (pending.fetch.responseKeys as string[]).push(responseKey);
    const sub = pending.builder.field(responseKey, { ...node, name: { kind: Kind.NAME, value: target.sourceField } }, composite);
    return { fetch: pending.fetch, sub };
  }

  /** Every document with the builder of its selection, for writing the documents when the plan is done. */
  values(): Iterable<Pending> {
    return this.pending.values();
  }
}
