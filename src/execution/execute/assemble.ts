import { GraphQLError, isObjectType } from 'graphql';
import { inspect } from 'graphql/jsutils/inspect.js';
import { ABSTRACT, LEAF, LIST, NON_NULL, type Completion } from '../plan/completion.js';
import type { DeferredShape, FieldShape } from '../plan/query-plan.js';
import { locateError } from './locate-error.js';
import { readField } from './read-field.js';
import type { RequestRun } from './request-run.js';

export type RawObject = Record<string, unknown>;

/**
 * Writes the response in one pass over the plan's shape, reading each value from what the fetches
 * answered. Values are completed as the GraphQL specification says (CompleteValue): leaf values
 * serialized by the gateway's types, lists item by item, null where a non-null field has none
 * propagating to the nearest nullable parent, every error located at its path.
 */
export function assemble(run: RequestRun, errors: GraphQLError[], later?: Later): Record<string, unknown> | null {
  const assembler = new Assembler(run, errors, later);
  const mark = later?.mark();
  try {
    return assembler.object(run.plan.root, undefined, run.plan.rootType, run.plan.deferred);
  } catch (error) {
    // Nothing of the data is left: the error that took it is the answer's one error.
    if (mark !== undefined) later!.rollback(mark);
    errors.length = 0;
    errors.push(error as GraphQLError);
    return null;
  }
}

export type ResponsePath = ReadonlyArray<string | number>;

/**
 * With incremental delivery: what the payload being assembled leaves for later payloads, the
 * deferred fragments of the objects it writes and the items of streamed lists past their initial
 * count. What was noted under a value that an error then nulls is dropped (`mark`, `rollback`).
 */
export interface Later {
  defer(patch: DeferredShape, raw: RawObject | undefined, path: ResponsePath, typeName: string): void;
  stream(shape: FieldShape, item: Completion, items: readonly unknown[], path: ResponsePath, start: number): void;
  mark(): number;
  rollback(mark: number): void;
}

export class Assembler {
  /**
   * The response path of the value being completed, as a stack of keys: pushed and popped on the
   * way down and up, copied only for an error or a later payload. Most values never need theirs.
   */
  private readonly keys: Array<string | number>;

  /** `at`: where the values this assembler writes sit in the response (a deferred fragment's object, a streamed list). */
  constructor(
    private readonly run: RequestRun,
    private readonly errors: GraphQLError[],
    private readonly later?: Later,
    at: ResponsePath = [],
  ) {
    this.keys = [...at];
  }

  object(fields: readonly FieldShape[], raw: RawObject | undefined, typeName: string, deferred?: readonly DeferredShape[]): RawObject {
    const out: RawObject = {};
    const { later, keys } = this;
    for (const shape of fields) {
      let value: unknown;
      const mark = later?.mark();
      const depth = keys.push(shape.responseKey);
      try {
        value = this.value(shape, shape.completion, readField(this.run, shape, raw, typeName));
      } catch (rawError) {
        // An error thrown from below leaves its keys on the stack; a caller that catches cuts back to its own.
        keys.length = depth;
        const error = locateError(rawError, shape.nodes, keys.slice());
        if (shape.completion.kind === NON_NULL) throw error;
        if (mark !== undefined) later!.rollback(mark);
        this.errors.push(error);
        value = null;
      }
      keys.pop();
      out[shape.responseKey] = value;
    }
    if (later && deferred) for (const patch of deferred) later.defer(patch, raw, keys.slice(), typeName);
    return out;
  }

  /** The items of a streamed list from `start` on, completed as `value` completes list items; null for all when a non-null item fails. */
  items(shape: FieldShape, item: Completion, raw: readonly unknown[], start: number): unknown[] {
    const items: unknown[] = new Array(raw.length);
    for (let index = 0; index < raw.length; index++) items[index] = this.item(shape, item, raw[index], start + index);
    return items;
  }

  private item(shape: FieldShape, completion: Completion, raw: unknown, index: number): unknown {
    const mark = this.later?.mark();
    const { keys } = this;
    const depth = keys.push(index);
    let value: unknown;
    try {
      value = this.value(shape, completion, raw);
    } catch (rawError) {
      keys.length = depth;
      const error = locateError(rawError, shape.nodes, keys.slice());
      if (completion.kind === NON_NULL) throw error;
      if (mark !== undefined) this.later!.rollback(mark);
      this.errors.push(error);
      value = null;
    }
    keys.pop();
    return value;
  }

  /** Completes `raw`, the value at the path on top of the stack. */
  private value(shape: FieldShape, completion: Completion, raw: unknown): unknown {
    if (raw instanceof Error) throw raw;
    if (completion.kind === NON_NULL) {
      const completed = this.value(shape, completion.of, raw);
      if (completed === null) throw new Error(`Cannot return null for non-nullable field ${shape.parentType}.${shape.fieldName}.`);
      return completed;
    }
    if (raw === null || raw === undefined) return null;
    switch (completion.kind) {
      case LEAF: {
        if (completion.accepts(raw)) return raw;
        const serialized = completion.type.serialize(raw);
        if (serialized === null || serialized === undefined) {
          throw new Error(`Expected \`${inspect(completion.type)}.serialize(${inspect(raw)})\` to return non-nullable value, returned: ${inspect(serialized)}`);
        }
        return serialized;
      }
      case LIST:
        return this.list(shape, completion, raw);
      case ABSTRACT:
        return this.abstract(shape, completion, raw as RawObject);
      default: {
        const sub = shape.sub!;
        return this.object(sub.byType.get(completion.typeName)!, raw as RawObject, completion.typeName, sub.deferred?.get(completion.typeName));
      }
    }
  }

  private list(shape: FieldShape, completion: Extract<Completion, { kind: typeof LIST }>, raw: unknown): unknown[] {
    if (!Array.isArray(raw)) throw new GraphQLError(`Expected Iterable, but did not find one for field "${shape.parentType}.${shape.fieldName}".`);
    const item = completion.of;
    // A streamed list (its outermost level) holds its initial items; the others go to later payloads.
    const outermost = shape.completion.kind === NON_NULL ? shape.completion.of : shape.completion;
    const count = this.later && shape.stream && completion === outermost ? Math.min(shape.stream.initialCount, raw.length) : raw.length;
    const items: unknown[] = new Array(count);
    for (let index = 0; index < count; index++) items[index] = this.item(shape, item, raw[index], index);
    if (count < raw.length) this.later!.stream(shape, item, raw.slice(count), this.keys.slice(), count);
    return items;
  }

  private abstract(shape: FieldShape, completion: Extract<Completion, { kind: typeof ABSTRACT }>, raw: RawObject): RawObject {
    const { type } = completion;
    const sub = shape.sub!;
    const runtimeName = raw[sub.typenameKey];
    if (typeof runtimeName !== 'string') {
      throw new GraphQLError(
        `Abstract type "${type.name}" must resolve to an Object type at runtime for field "${shape.parentType}.${shape.fieldName}". ` +
          `Either the "${type.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`,
        { nodes: shape.nodes },
      );
    }
    const fields = sub.byType.get(runtimeName);
    if (!fields) {
      const exists = this.run.schema.getType(runtimeName);
      throw new GraphQLError(
        exists && isObjectType(exists)
          ? `Runtime Object type "${runtimeName}" is not a possible type for "${type.name}".`
          : `Abstract type "${type.name}" was resolved to a type "${runtimeName}" that does not exist inside the schema.`,
        { nodes: shape.nodes },
      );
    }
    return this.object(fields, raw, runtimeName, sub.deferred?.get(runtimeName));
  }
}
