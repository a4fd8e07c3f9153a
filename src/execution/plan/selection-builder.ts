import { Kind, print, visit, type ArgumentNode, type FieldNode, type InlineFragmentNode, type SelectionNode, type SelectionSetNode } from 'graphql';

interface BuiltField {
  name: string;
  arguments: readonly ArgumentNode[];
  /** Name and arguments as printed: two fields under one response key must agree on it. */
  signature: string;
  sub?: SelectionBuilder;
}

/**
 * The selection a fetch sends to a GraphQL source, built field by field while the operation is
 * planned. Every field is requested under the client's response key, so the answer is read by the
 * same keys; fields of abstract values go into one inline fragment per object type.
 */
export class SelectionBuilder {
  private readonly fields = new Map<string, BuiltField>();
  private readonly fragments = new Map<string, SelectionBuilder>();
  /** Client variables the selection uses. */
  readonly variables = new Set<string>();

  /** Adds a field (its sub-selection, if any, is returned to fill) and returns undefined on a clash of response keys. */
  field(responseKey: string, node: Pick<FieldNode, 'name' | 'arguments'>, composite: boolean): SelectionBuilder | null | undefined {
    const args = node.arguments ?? [];
    const signature = args.length ? `${node.name.value}(${args.map((arg) => print(arg)).join(',')})` : node.name.value;
    const existing = this.fields.get(responseKey);
    if (existing) {
      if (existing.signature !== signature) return undefined;
      return existing.sub ?? null;
    }
    for (const arg of args) collectVariables(arg, this.variables);
    const built: BuiltField = { name: node.name.value, arguments: args, signature, ...(composite && { sub: new SelectionBuilder(this.variables) }) };
    this.fields.set(responseKey, built);
    return built.sub ?? null;
  }

  /** The selection for one object type of an abstract value. */
  on(typeName: string): SelectionBuilder {
    let fragment = this.fragments.get(typeName);
    if (!fragment) this.fragments.set(typeName, (fragment = new SelectionBuilder(this.variables)));
    return fragment;
  }

  constructor(variables?: Set<string>) {
    if (variables) this.variables = variables;
  }

  /** True when `other` can be added to this selection without two fields clashing on one response key. */
  accepts(other: SelectionBuilder): boolean {
    for (const [key, field] of other.fields) {
      const mine = this.fields.get(key);
      if (!mine) continue;
      if (mine.signature !== field.signature) return false;
      if (mine.sub && field.sub && !mine.sub.accepts(field.sub)) return false;
    }
    for (const [typeName, fragment] of other.fragments) {
      const mine = this.fragments.get(typeName);
      if (mine && !mine.accepts(fragment)) return false;
    }
    return true;
  }

  /** Adds `other` (checked with `accepts`). */
  add(other: SelectionBuilder): void {
    for (const name of other.variables) this.variables.add(name);
    for (const [key, field] of other.fields) {
      const mine = this.fields.get(key);
      if (!mine) {
        this.fields.set(key, field.sub ? { ...field, sub: this.adopt(field.sub) } : field);
      } else if (mine.sub && field.sub) {
        mine.sub.add(field.sub);
      }
    }
    for (const [typeName, fragment] of other.fragments) this.on(typeName).add(fragment);
  }

  private adopt(builder: SelectionBuilder): SelectionBuilder {
    const copy = new SelectionBuilder(this.variables);
    copy.add(builder);
    return copy;
  }

  selectionSet(): SelectionSetNode {
    const selections: SelectionNode[] = [];
    for (const [key, field] of this.fields) {
      const node: FieldNode = {
        kind: Kind.FIELD,
        name: { kind: Kind.NAME, value: field.name },
        ...(key !== field.name && { alias: { kind: Kind.NAME, value: key } }),
        ...(field.arguments.length > 0 && { arguments: field.arguments }),
        ...(field.sub && { selectionSet: field.sub.selectionSet() }),
      };
      selections.push(node);
    }
    for (const [typeName, fragment] of this.fragments) {
      const inline: InlineFragmentNode = {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
        selectionSet: fragment.selectionSet(),
      };
      selections.push(inline);
    }
    // A composite field needs a selection: __typename is the smallest there is.
    if (selections.length === 0) selections.push({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } });
    return { kind: Kind.SELECTION_SET, selections };
  }
}

function collectVariables(node: ArgumentNode, into: Set<string>): void {
  visit(node, {
    Variable(variable) {
      into.add(variable.name.value);
    },
  });
}
