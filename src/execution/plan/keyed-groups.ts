import type { KeyedFetch } from './query-plan.js';
import { SelectionBuilder } from './selection-builder.js';

interface PendingKeyed {
  fetch: KeyedFetch;
  builder?: SelectionBuilder;
  group: string;
}

/**
 * The keyed fetches of a plan being made, by group (one operation at one plan level): each new
 * fetch is planned on its own, then settled into an earlier fetch of its group whose selection can
 * carry its own, so that one call serves every parent at that point of the plan.
 */
export class KeyedGroups {
  private readonly pending = new Map<number, PendingKeyed>();
  private readonly groups = new Map<string, number[]>();
  /** A keyed fetch merged into another of its group: every reference moves to that one. */
  readonly merged = new Map<number, number>();

  /** Registers a fetch of `group`; `withDocument` gives it a selection to fill for a GraphQL source. */
  add(fetch: KeyedFetch, group: string, withDocument: boolean): void {
    this.pending.set(fetch.id, { fetch, group, ...(withDocument && { builder: new SelectionBuilder() }) });
  }

  /** The selection a fetch sends for each item; undefined for an operation answering whole objects. */
  builderOf(id: number): SelectionBuilder | undefined {
    return this.pending.get(id)!.builder;
  }

  /** Merges a fetch, once its selection is known, into an earlier one of its group that can carry it. */
  settle(id: number): void {
    const pending = this.pending.get(id)!;
    const members = this.groups.get(pending.group) ?? [];
    for (const candidate of members) {
      const other = this.pending.get(candidate)!;
      if (pending.builder && other.builder && !other.builder.accepts(pending.builder)) continue;
      if (pending.builder && other.builder) other.builder.add(pending.builder);
      (other.fetch.keys as unknown[]).push(...pending.fetch.keys);
      other.fetch.dependsOn = [...new Set([...other.fetch.dependsOn, ...pending.fetch.dependsOn])];
      this.merged.set(id, candidate);
      return;
    }
    this.groups.set(pending.group, [...members, id]);
  }

  /** The fetches that send a document, with their selections. */
  documents(): Array<{ fetch: KeyedFetch; builder: SelectionBuilder }> {
    return [...this.pending.values()].flatMap(({ fetch, builder }) => (builder ? [{ fetch, builder }] : []));
  }
}
