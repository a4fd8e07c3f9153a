import protobuf from 'protobufjs';
import { ANY_TYPENAME } from './grpc-compare.js';
import { WELL_KNOWN, mapKeySamples, nameOf, scalarSample, wellKnownSample, type Sample } from './grpc-samples.js';

export type MapStyle = 'entries' | 'json';

export interface MessageGeneratorOptions {
  maps: MapStyle;
  /** Messages nested deeper than this are left unset (and not selected); default 3. */
  depth?: number;
}

// Types an Any can carry that most files import, best first; the gateway can only unpack a type
// that its own source knows.
const PACKABLE = ['Duration', 'Timestamp', 'FieldMask', 'Struct', 'StringValue', 'Empty'].map((name) => `google.protobuf.${name}`);

/** A field's GraphQL name, as docs/grpc.md gives it: its `json_name` where GraphQL allows that name, else protobuf's JSON name. */
export function jsonName(field: protobuf.Field): string {
  const custom = field.options?.['json_name'];
  if (typeof custom === 'string' && /^[A-Za-z_]\w*$/.test(custom)) return custom;
  return field.name.replace(/_+(.)?/g, (_, next?: string) => (next ?? '').toUpperCase());
}

const isWellKnown = (type: protobuf.ReflectionObject | null): boolean => type instanceof protobuf.Type && WELL_KNOWN.has(type.fullName);

/** The message a field holds, unless GraphQL sees that message as a scalar. */
function messageOf(field: protobuf.Field): protobuf.Type | undefined {
  const type = field.resolvedType;
  return type instanceof protobuf.Type && !isWellKnown(type) ? type : undefined;
}

/** What becomes of a field of a message at some level of nesting. */
interface FieldPlan {
  /** Read back in the GraphQL selection. */
  selected: boolean;
  /** Given a value (a oneof member only when chosen). */
  generated: boolean;
}

/**
 * Generates messages that set every field the mapping can express (one member of each oneof), in
 * the forms of a `Sample`, and the GraphQL selection that reads back exactly what was set.
 * Past `depth` levels of messages, fields holding messages stay unset and unselected, so recursive
 * types end; a message with nothing else to read follows one of them further, to a scalar.
 */
export class MessageGenerator {
  private readonly depth: number;
  private readonly packed: protobuf.Type | undefined;
  private readonly plans = new Map<string, Map<protobuf.Field, FieldPlan>>();
  private steps: Map<protobuf.Type, number> | undefined;

  constructor(
    private readonly root: protobuf.Root,
    private readonly options: MessageGeneratorOptions,
  ) {
    this.depth = options.depth ?? 3;
    this.packed = packableType(root);
  }

  /** A message of `type`; `whole` when it sits inside a JSON value, where every field is written, selected or not. */
  sample(type: protobuf.Type, seed: number, level = 1, whole = false): Sample | undefined {
    if (type.fullName === '.google.protobuf.Any') return this.anySample(seed);
    const known = wellKnownSample(type, seed);
    if (known) return known;
    if (type.fieldsArray.length === 0) return { proto: {}, output: whole ? {} : { _empty: null }, input: {} };
    const plan = this.planOf(type, level);
    if (!whole && ![...plan.values()].some((field) => field.selected)) return { proto: {}, output: { __typename: ANY_TYPENAME }, input: {} };
    const proto: Record<string, unknown> = {};
    const output: Record<string, unknown> = {};
    const input: Record<string, unknown> = {};
    const chosen = new Map(type.oneofsArray.map((oneof) => [oneof, this.chosenMember(oneof, plan, seed)]));
    type.fieldsArray.forEach((field, index) => {
      const name = jsonName(field);
      const { selected, generated } = plan.get(field)!;
      if (!whole && !selected) return;
      const member = field.partOf ? chosen.get(field.partOf) === field : true;
      const value = member && generated ? this.fieldSample(field, seed + index, level, whole) : undefined;
      if (!value) {
        output[name] = this.unset(field);
        return;
      }
      proto[field.name] = value.proto;
      output[name] = value.output;
      input[name] = value.input;
    });
    return { proto, output, input };
  }

  /** The selection set that reads what `sample` sets, for an object type ('' for what GraphQL sees as a scalar). */
  selection(type: protobuf.Type, level = 1): string {
    if (isWellKnown(type)) return '';
    if (type.fieldsArray.length === 0) return '{ _empty }';
    const plan = this.planOf(type, level);
    const fields = type.fieldsArray.filter((field) => plan.get(field)!.selected);
    // Only a cycle of messages without a scalar anywhere leaves nothing to read.
    if (fields.length === 0) return '{ __typename }';
    return `{ ${fields.map((field) => `${jsonName(field)}${this.fieldSelection(field, level)}`).join(' ')} }`;
  }

  private fieldSelection(field: protobuf.Field, level: number): string {
    if (this.isLeaf(field)) return '';
    const message = messageOf(field);
    const value = message ? ` ${this.selection(message, level + 1)}` : '';
    return field.map ? ` { key value${value} }` : value;
  }

  /** Which fields of a message at `level` are read back and set. */
  private planOf(type: protobuf.Type, level: number): Map<protobuf.Field, FieldPlan> {
    const key = `${type.fullName}@${level}`;
    let plan = this.plans.get(key);
    if (plan) return plan;
    plan = new Map();
    for (const field of type.fieldsArray) {
      if (this.isLeaf(field)) plan.set(field, { selected: true, generated: !messageOf(field) || level < this.depth });
      else {
        const within = level < this.depth && this.hasSelection(field, level);
        plan.set(field, { selected: within, generated: within });
      }
    }
    if (![...plan.values()].some((field) => field.selected)) {
      // Every step of the way gets nearer to a scalar, so even a recursive type ends.
      const onward = type.fieldsArray.reduce<protobuf.Field | undefined>(
        (best, field) => (best === undefined || this.stepsToScalar(field) < this.stepsToScalar(best) ? field : best),
        undefined,
      );
      if (onward && Number.isFinite(this.stepsToScalar(onward))) plan.set(onward, { selected: true, generated: true });
    }
    this.plans.set(key, plan);
    return plan;
  }

  /** A field GraphQL answers as a scalar (or a list of them); a `maps: json` map is one JSON value. */
  private isLeaf(field: protobuf.Field): boolean {
    return field.map ? this.options.maps === 'json' : !messageOf(field);
  }

  private hasSelection(field: protobuf.Field, level: number): boolean {
    const message = messageOf(field);
    if (!message || message.fieldsArray.length === 0) return true;
    return [...this.planOf(message, level + 1).values()].some((inner) => inner.selected);
  }

  /** How many messages down the nearest scalar is from this field (0: the field is one); Infinity when no chain ends in one. */
  private stepsToScalar(field: protobuf.Field): number {
    if (this.isLeaf(field)) return 0;
    const message = messageOf(field);
    return message ? 1 + this.distances().get(message)! : 1;
  }

  /**
   * The steps from each message of the root to its nearest scalar, found by repeating until
   * nothing changes: recursive types make a one-pass walk meet messages it has not measured yet.
   */
  private distances(): Map<protobuf.Type, number> {
    if (this.steps) return this.steps;
    const types: protobuf.Type[] = [];
    const walk = (namespace: protobuf.NamespaceBase) => {
      for (const nested of namespace.nestedArray) {
        if (nested instanceof protobuf.Type) types.push(nested);
        if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
      }
    };
    walk(this.root);
    const steps = new Map(types.map((type) => [type, type.fieldsArray.length === 0 ? 0 : Infinity]));
    this.steps = steps;
    for (let changed = true; changed;) {
      changed = false;
      for (const type of types) {
        const nearest = Math.min(...type.fieldsArray.map((field) => this.stepsToScalar(field)));
        if (nearest < steps.get(type)!) {
          steps.set(type, nearest);
          changed = true;
        }
      }
    }
    return steps;
  }

  /** The member of a oneof that is set: one that is read back and generated, rotating with the seed. */
  private chosenMember(oneof: protobuf.OneOf, plan: Map<protobuf.Field, FieldPlan>, seed: number): protobuf.Field | undefined {
    const candidates = oneof.fieldsArray.filter((field) => plan.get(field)!.selected && plan.get(field)!.generated);
    return candidates[seed % Math.max(candidates.length, 1)];
  }

  /** What the gateway answers for a field that is not set. */
  private unset(field: protobuf.Field): unknown {
    if (field.map) return this.options.maps === 'json' ? {} : [];
    return field.repeated ? [] : null;
  }

  private fieldSample(field: protobuf.Field, seed: number, level: number, whole: boolean): Sample | undefined {
    if (field.map) return this.mapSample(field, seed, level, whole);
    if (!field.repeated) return this.element(field, seed, level, whole);
    // Two elements show the order is kept; one message, so that sizes stay small.
    const items = (messageOf(field) ? [seed] : [seed, seed + 1]).map((itemSeed) => this.element(field, itemSeed, level, whole));
    if (items.some((item) => !item)) return undefined;
    return { proto: items.map((item) => item!.proto), output: items.map((item) => item!.output), input: items.map((item) => item!.input) };
  }

  private element(field: protobuf.Field, seed: number, level: number, whole: boolean): Sample | undefined {
    const type = field.resolvedType;
    if (type instanceof protobuf.Type) return this.sample(type, seed, level + 1, whole);
    if (type instanceof protobuf.Enum) return enumSample(type, seed);
    return scalarSample(field.type, seed);
  }

  private mapSample(field: protobuf.Field, seed: number, level: number, whole: boolean): Sample | undefined {
    const keys = mapKeySamples((field as unknown as protobuf.MapField).keyType);
    const values = keys.map((_, index) => this.element(field, seed + index, level, whole || this.options.maps === 'json'));
    if (values.some((value) => !value)) return undefined;
    const pairs = keys.map((key, index) => ({ key, value: values[index]! }));
    const proto = Object.fromEntries(pairs.map(({ key, value }) => [key.proto, value.proto]));
    if (this.options.maps === 'json') {
      const text = (form: 'output' | 'input') => Object.fromEntries(pairs.map(({ key, value }) => [key.json, value[form]]));
      return { proto, output: text('output'), input: text('input') };
    }
    const entries = (form: 'output' | 'input') => pairs.map(({ key, value }) => ({ key: key.entry, value: value[form] }));
    return { proto, output: entries('output'), input: entries('input') };
  }

  /** An Any holding a message the source knows, written with its `@type`. */
  private anySample(seed: number): Sample | undefined {
    const packed = this.packed;
    const any = this.root.lookupType('google.protobuf.Any');
    const inner = packed && this.sample(packed, seed, this.depth, true);
    if (!packed || !inner) return undefined;
    const typeUrl = `type.googleapis.com/${packed.fullName.slice(1)}`;
    const bytes = packed.encode(packed.fromObject(inner.proto as Record<string, unknown>)).finish();
    const written = (value: unknown) => (isWellKnown(packed) ? { '@type': typeUrl, value } : { '@type': typeUrl, ...(value as object) });
    return { proto: { [nameOf(any, 1)]: typeUrl, [nameOf(any, 2)]: bytes }, output: written(inner.output), input: written(inner.input) };
  }
}

/** A value of the enum that no alias shares, other than the zero default where there is one. */
function enumSample(type: protobuf.Enum, seed: number): Sample {
  const numbers = Object.values(type.values);
  const unique = Object.keys(type.values).filter((name) => numbers.filter((number) => number === type.values[name]).length === 1);
  const nonZero = unique.filter((name) => type.values[name] !== 0);
  const pool = nonZero.length > 0 ? nonZero : unique.length > 0 ? unique : Object.keys(type.values);
  const name = pool[seed % pool.length]!;
  return { proto: name, output: name, input: name };
}

/** What an Any is generated with: a well-known type the files import, else a message of plain fields, else nothing. */
function packableType(root: protobuf.Root): protobuf.Type | undefined {
  for (const name of PACKABLE) {
    const found = root.lookup(name);
    if (found instanceof protobuf.Type) return found;
  }
  const plain = (type: protobuf.Type) =>
    type.fieldsArray.length > 0 && type.fieldsArray.every((field) => !(field.resolvedType instanceof protobuf.Type) && !field.map);
  const walk = (namespace: protobuf.NamespaceBase): protobuf.Type | undefined => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type && plain(nested)) return nested;
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) {
        const inner = walk(nested);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return walk(root);
}
