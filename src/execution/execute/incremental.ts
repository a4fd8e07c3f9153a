import type { GraphQLError } from 'graphql';
import type { DeferredShape, FieldShape, QueryPlan } from '../plan/query-plan.js';
import type { Completion } from '../plan/completion.js';
import { assemble, Assembler, type Later, type RawObject, type ResponsePath } from './assemble.js';
import type { RequestRun } from './request-run.js';
import { startFetches } from './run-fetches.js';

// Incremental delivery in the format graphql-tools' executor, Apollo Client (Defer20220824Handler)
// and urql read: a first payload with `data` and `hasNext: true`, then payloads of `incremental`
// entries (`{ data, path, label }` for a deferred fragment, `{ items, path, label }` for streamed
// list items), the last one with `hasNext: false`.

export interface InitialPayload {
  data: Record<string, unknown> | null;
  errors?: GraphQLError[];
  hasNext: boolean;
}

export type IncrementalEntry =
  | { data: RawObject | null; path: ReadonlyArray<string | number>; label?: string; errors?: GraphQLError[] }
  | { items: unknown[] | null; path: ReadonlyArray<string | number>; label?: string; errors?: GraphQLError[] };

export interface SubsequentPayload {
  incremental: IncrementalEntry[];
  hasNext: boolean;
}

/** Streamed items go out in entries of at most this many. */
const STREAM_CHUNK = 10;

type Pending =
  | { kind: 'defer'; patch: DeferredShape; raw: RawObject | undefined; path: ResponsePath; typeName: string }
  | { kind: 'stream'; shape: FieldShape; item: Completion; items: readonly unknown[]; path: ResponsePath; start: number };

/**
 * Runs a plan made for incremental delivery. Every fetch starts as soon as the fetches it waits for
 * are done; the first payload goes out when the fetches of the fields that are not deferred are
 * done, and each deferred fragment at each of its paths when the fetches its own fields read are.
 */
export async function* deliverIncrementally(run: RequestRun): AsyncGenerator<InitialPayload | SubsequentPayload> {
  const fetches = startFetches(run);
  const needs = new FetchNeeds(run.plan);
  const waitFor = (ids: readonly number[]) => Promise.all(ids.map((id) => fetches[id]!));

  const noted: Pending[] = [];
  const later: Later = {
    defer: (patch, raw, path, typeName) => noted.push({ kind: 'defer', patch, raw, path, typeName }),
    stream: (shape, item, items, path, start) => noted.push({ kind: 'stream', shape, item, items, path, start }),
    mark: () => noted.length,
    rollback: (mark) => void (noted.length = mark),
  };

  await waitFor(needs.ofRoot());
  const errors: GraphQLError[] = [];
  const data = assemble(run, errors, later);
  const waiting = new Set<Promise<Pending>>();
  const ready: Pending[] = [];
  const watch = () => {
    for (const pending of noted.splice(0)) {
      const ids = pending.kind === 'defer' ? needs.ofPatch(pending.patch) : [];
      const promise: Promise<Pending> = waitFor(ids).then(() => {
        waiting.delete(promise);
        ready.push(pending);
        return pending;
      });
      waiting.add(promise);
    }
  };
  watch();
  yield { data, ...(errors.length > 0 && { errors }), hasNext: waiting.size > 0 };

  while (waiting.size > 0 || ready.length > 0) {
    if (ready.length === 0) await Promise.race(waiting);
    // Everything ready by now goes out together; what it leaves for later is watched in turn.
    const incremental = ready.splice(0).flatMap((pending) => entriesOf(run, pending, later));
    watch();
    yield { incremental, hasNext: waiting.size > 0 };
  }
}

function entriesOf(run: RequestRun, pending: Pending, later: Later): IncrementalEntry[] {
  const label = pending.kind === 'defer' ? pending.patch.label : pending.shape.stream?.label;
  const labelled = label === undefined ? {} : { label };
  if (pending.kind === 'defer') {
    const errors: GraphQLError[] = [];
    const mark = later.mark();
    let data: RawObject | null;
    try {
      data = new Assembler(run, errors, later, pending.path).object(pending.patch.fields, pending.raw, pending.typeName);
    } catch (error) {
      // A non-null field of the fragment failed: the fragment has no data, and nothing below it follows.
      later.rollback(mark);
      errors.push(error as GraphQLError);
      data = null;
    }
    return [{ data, path: pending.path, ...labelled, ...(errors.length > 0 && { errors }) }];
  }
  const entries: IncrementalEntry[] = [];
  for (let offset = 0; offset < pending.items.length; offset += STREAM_CHUNK) {
    const start = pending.start + offset;
    const errors: GraphQLError[] = [];
    const mark = later.mark();
    let items: unknown[] | null;
    try {
      items = new Assembler(run, errors, later, pending.path).items(pending.shape, pending.item, pending.items.slice(offset, offset + STREAM_CHUNK), start);
    } catch (error) {
      later.rollback(mark);
      errors.push(error as GraphQLError);
      items = null;
    }
    entries.push({ items, path: [...pending.path, start], ...labelled, ...(errors.length > 0 && { errors }) });
  }
  return entries;
}

/** The fetches a part of the response reads, with every fetch those wait for; worked out once per part of a plan. */
class FetchNeeds {
  private readonly patches = new WeakMap<DeferredShape, number[]>();
  private root: number[] | undefined;

  constructor(private readonly plan: QueryPlan) {}

  ofRoot(): number[] {
    return (this.root ??= this.closure(this.plan.root));
  }

  ofPatch(patch: DeferredShape): number[] {
    let ids = this.patches.get(patch);
    if (!ids) this.patches.set(patch, (ids = this.closure(patch.fields)));
    return ids;
  }

  /** Fetches read by these shapes and the shapes below them (not those under further deferred fragments), and what they wait for. */
  private closure(shapes: readonly FieldShape[]): number[] {
    const found = new Set<number>();
    const add = (id: number) => {
      if (found.has(id)) return;
      found.add(id);
      for (const dependency of this.plan.fetches[id]!.dependsOn) add(dependency);
    };
    const walk = (list: readonly FieldShape[]) => {
      for (const shape of list) {
        const reader = shape.reader as { fetch?: number };
        if (reader.fetch !== undefined) add(reader.fetch);
        if (shape.sub) for (const fields of shape.sub.byType.values()) walk(fields);
      }
    };
    walk(shapes);
    return [...found];
  }
}
