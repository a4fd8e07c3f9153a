import seedrandom from 'seedrandom';
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** One generated operation: a document holding one query, and the values of its variables. */
export interface GeneratedOperation {
  document: string;
  variables: Record<string, unknown>;
}

/**
 * Candidate values of field arguments, by coordinate (`Query.user.id`). An argument named here is
 * always passed, with one of its candidates (a list argument takes a whole list from here); an
 * argument not named here is omitted when it may be, and given a small made-up value when required.
 */
export type ArgumentValues = Readonly<Record<string, readonly unknown[]>>;

export interface GenerateOptions {
  /** Seed of the random choices: the same seed, schema and options give the same operations. */
  seed: string;
  /** How many operations. */
  count: number;
  /** Deepest field nesting, the root fields being at depth 1. Default 5. */
  maxDepth?: number;
  /** Most selections (fields, fragment spreads, inline fragments) in one selection set. Default 4. */
  maxBreadth?: number;
  /** Most root fields in one operation. Default 3. */
  maxRootFields?: number;
  /** Values for arguments, see `ArgumentValues`. Default none. */
  argumentValues?: ArgumentValues;
  /** Root fields never selected (e.g. those that are slow or have side effects), by name. Default none. */
  skipRootFields?: readonly string[];
}

const LIMITS = { maxDepth: 5, maxBreadth: 4, maxRootFields: 3 };

/**
 * Random valid query operations over `schema`, the same for the same seed. Each document passes
 * `validate(schema, parse(document))`: a choice that would break a validation rule (two fields
 * under one response key that cannot merge) is drawn again.
 *
 * The shapes produced, each drawn at random where it fits:
 * - several root fields in one operation, each with its arguments (see `ArgumentValues`);
 * - aliases, among them the same field twice under two aliases, with other arguments;
 * - nested object and list fields down to `maxDepth`, so that fields that link one source to
 *   another are followed at several depths;
 * - `__typename` at any level;
 * - named fragments, created where first used and spread again wherever their type fits (so one
 *   fragment is shared between root fields and depths), and inline fragments with and without a
 *   type condition; on interfaces and unions, inline fragments on their possible types;
 * - arguments as literals or as variables (some with a default value and left out of `variables`);
 * - `@include` and `@skip` on fields, fragment spreads and inline fragments, with a literal or a
 *   Boolean variable.
 * Only queries are produced: no mutations or subscriptions.
 */
export function generateOperations(schema: GraphQLSchema, options: GenerateOptions): GeneratedOperation[] {
  const random = seedrandom(options.seed);
  const operations: GeneratedOperation[] = [];
  for (let index = 0; index < options.count; index++) {
    for (let attempt = 0; ; attempt++) {
      const operation = new OperationBuilder(schema, random, options, index).build();
      if (validate(schema, parse(operation.document)).length === 0) {
        operations.push(operation);
        break;
      }
      if (attempt === 100) throw new Error(`no valid operation after 100 attempts; the last one:\n${operation.document}`);
    }
  }
  return operations;
}

interface Fragment {
  name: string;
  typeName: string;
  /** The depth its fields take, counted from the field it is spread in. */
  depth: number;
}

class OperationBuilder {
  private readonly variables: Record<string, unknown> = {};
  private readonly variableDefinitions: string[] = [];
  private readonly fragments: Fragment[] = [];
  private readonly fragmentTexts: string[] = [];
  private readonly limits: typeof LIMITS;
  private aliasCount = 0;
  private fragmentCount = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly options: GenerateOptions,
    private readonly index: number,
  ) {
    this.limits = { ...LIMITS, ...definedOnly(options) };
  }

  build(): GeneratedOperation {
    const query = this.schema.getQueryType();
    if (!query) throw new Error('the schema has no query type');
    const skip = new Set(this.options.skipRootFields ?? []);
    const fields = Object.values(query.getFields()).filter((field) => !skip.has(field.name));
    const selections: string[] = [];
    const count = 1 + this.int(this.limits.maxRootFields);
    for (let i = 0; i < count; i++) {
      const field = this.pick(fields);
      selections.push(this.field(query, field, this.limits.maxDepth, true));
      // The same field again, under another alias and with arguments drawn anew.
      if (this.chance(0.25)) selections.push(this.field(query, field, this.limits.maxDepth, true));
    }
    if (this.chance(0.15)) selections.splice(this.int(selections.length + 1), 0, '__typename');
    const definitions = this.variableDefinitions.length ? `(${this.variableDefinitions.join(', ')})` : '';
    const head = this.chance(0.5) ? `query Op${this.index}${definitions}` : definitions ? `query${definitions}` : '';
    const operation = `${head}${head ? ' ' : ''}{ ${selections.join(' ')} }`;
    return { document: [operation, ...this.fragmentTexts].join('\n'), variables: this.variables };
  }

  /** A selection of `field` of `parent`, with `depth` levels left for it and below it. */
  private field(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, depth: number, root = false): string {
    const args = this.arguments(parent, field);
    // Fields with arguments are aliased (two of them under one key would need the same arguments),
    // and a few others are too; root fields more often, so that the same field shows up twice.
    const aliased = args !== '' || this.chance(root ? 0.4 : 0.15);
    const alias = aliased ? `${field.name}${++this.aliasCount}: ` : '';
    const returned = getNamedType(field.type);
    const below = isCompositeType(returned) ? ` ${this.selectionSet(returned, depth - 1)}` : '';
    return `${alias}${field.name}${args}${this.directive(0.1)}${below}`;
  }

  /** `{ ... }` of `type`, with `depth` levels left below it (at least `__typename` when none is). */
  private selectionSet(type: GraphQLCompositeType, depth: number): string {
    const selections: string[] = [];
    const count = 1 + this.int(this.limits.maxBreadth);
    for (let i = 0; i < count; i++) {
      const selection = this.selection(type, depth);
      if (selection) selections.push(selection);
    }
    // A selection set must hold a field that is always selected: a directive or fragment alone may leave it empty.
    selections.push(this.plainField(type, depth) ?? '__typename');
    return `{ ${selections.join(' ')} }`;
  }

  private selection(type: GraphQLCompositeType, depth: number): string | undefined {
    const roll = this.random();
    if (roll < 0.1) return '__typename';
    if (roll < 0.25) return this.fragmentSpread(type, depth);
    if (roll < 0.35) return this.inlineFragment(type, depth);
    const fields = this.fieldsOf(type, depth);
    return fields.length ? this.field(type, this.pick(fields), depth) : undefined;
  }

  /** A field with no arguments and no directive, or undefined when `type` has none that fits. */
  private plainField(type: GraphQLCompositeType, depth: number): string | undefined {
    const fields = this.fieldsOf(type, depth).filter((field) => field.args.length === 0 && isLeafType(getNamedType(field.type)));
    return fields.length ? this.pick(fields).name : undefined;
  }

  /** Fields of `type` that can be selected with `depth` levels left. */
  private fieldsOf(type: GraphQLCompositeType, depth: number): GraphQLField<unknown, unknown>[] {
    if (depth < 1 || isUnionType(type)) return [];
    return Object.values(type.getFields()).filter((field) => depth > 1 || isLeafType(getNamedType(field.type)));
  }

  /** Spreads a named fragment on `type` (or one of its possible types): an existing one that fits, or a new one. */
  private fragmentSpread(type: GraphQLCompositeType, depth: number): string | undefined {
    const on = this.conditionType(type);
    const fits = this.fragments.filter((fragment) => fragment.typeName === on.name && fragment.depth <= depth);
    if (fits.length && this.chance(0.6)) return `...${this.pick(fits).name}${this.directive(0.2)}`;
    if (depth < 1 || this.fragmentCount >= 4) return undefined;
    // The name is taken before the body is drawn: the body may create fragments of its own.
    const name = `F${this.fragmentCount++}`;
    const used = this.int(depth) + 1;
    const body = this.selectionSet(on, used);
    this.fragments.push({ name, typeName: on.name, depth: used });
    this.fragmentTexts.push(`fragment ${name} on ${on.name} ${body}`);
    return `...${name}${this.directive(0.2)}`;
  }

  private inlineFragment(type: GraphQLCompositeType, depth: number): string {
    const on = this.conditionType(type);
    const condition = on !== type || this.chance(0.5) ? ` on ${on.name}` : '';
    return `...${condition}${this.directive(0.4)} ${this.selectionSet(on, depth)}`;
  }

  /** The type a fragment in a selection set of `type` is on: the type itself, or for an abstract one often one of its possible types. */
  private conditionType(type: GraphQLCompositeType): GraphQLCompositeType {
    if (isAbstractType(type) && (isUnionType(type) || this.chance(0.7))) return this.pick(this.schema.getPossibleTypes(type));
    return type;
  }

  /** ` @include(...)` or ` @skip(...)` with the given chance, else ''. */
  private directive(chance: number): string {
    if (!this.chance(chance)) return '';
    const name = this.chance(0.5) ? 'include' : 'skip';
    const value = this.chance(0.5);
    return ` @${name}(if: ${this.chance(0.6) ? this.variable('Boolean!', value) : String(value)})`;
  }

  /** `(a: ..., b: ...)` for the arguments of `field` that are passed, or ''. */
  private arguments(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): string {
    const passed: string[] = [];
    for (const arg of field.args) {
      const candidates = this.options.argumentValues?.[`${parent.name}.${field.name}.${arg.name}`];
      if (!candidates && !isNonNullType(arg.type)) continue;
      const value = candidates ? this.pick(candidates) : this.madeUpValue(arg.type);
      passed.push(`${arg.name}: ${this.argumentValue(arg, value)}`);
    }
    return passed.length ? `(${passed.join(', ')})` : '';
  }

  /** The value written as a literal, or as a variable that holds it. */
  private argumentValue(arg: GraphQLArgument, value: unknown): string {
    if (!this.chance(0.4)) return literal(value, arg.type);
    // A variable of a nullable argument may carry the value as its default instead.
    if (!isNonNullType(arg.type) && value !== null && this.chance(0.3)) return this.variable(`${String(arg.type)} = ${literal(value, arg.type)}`, undefined);
    return this.variable(String(arg.type), value);
  }

  /** Declares a new variable (type, maybe with a default) and returns `$name`; an undefined value is left out of `variables`. */
  private variable(typeAndDefault: string, value: unknown): string {
    const name = `v${this.variableDefinitions.length}`;
    this.variableDefinitions.push(`$${name}: ${typeAndDefault}`);
    if (value !== undefined) this.variables[name] = value;
    return `$${name}`;
  }

  /** A small value of an input type, for a required argument nobody gave candidates for. */
  private madeUpValue(type: GraphQLInputType): unknown {
    const inner = getNullableType(type);
    if (isListType(inner)) return Array.from({ length: 1 + this.int(2) }, () => this.madeUpValue(inner.ofType));
    if (isEnumType(inner)) return this.pick(inner.getValues()).name;
    if (isInputObjectType(inner)) {
      const value: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) if (isNonNullType(field.type)) value[field.name] = this.madeUpValue(field.type);
      return value;
    }
    switch (inner.name) {
      case 'Int':
        return this.int(5);
      case 'Float':
        return this.int(50) / 10;
      case 'Boolean':
        return this.chance(0.5);
      default:
        return String(1 + this.int(5));
    }
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('nothing to pick from');
    return items[this.int(items.length)]!;
  }
}

/** A value as a GraphQL literal of `type`: enum values bare, input objects and lists written out. */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null) return 'null';
  const inner = getNullableType(type);
  if (isListType(inner)) return Array.isArray(value) ? `[${value.map((item) => literal(item, inner.ofType)).join(', ')}]` : literal(value, inner.ofType);
  if (isEnumType(inner)) return String(value);
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${literal(item, fields[key]!.type)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function definedOnly(options: GenerateOptions): Partial<typeof LIMITS> {
  const { maxDepth, maxBreadth, maxRootFields } = options;
  return Object.fromEntries(Object.entries({ maxDepth, maxBreadth, maxRootFields }).filter(([, value]) => value !== undefined));
}
