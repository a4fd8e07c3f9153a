import {
  Kind,
  getOperationAST,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInputObjectType,
  isInputType,
  isUnionType,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { conditionalDuplicate } from './conditional-selections.js';

/**
 * graphql-jit writes the coercion of every variable out as code, one branch per field of the input
 * type expanded as a tree: a recursive input type never ends (the compiler runs until the stack or
 * the heap gives out), a wide one grows with the product of its fields. Past this many fields the
 * standard executor coerces instead.
 */
const MAX_COMPILED_INPUT_FIELDS = 1000;

/**
 * Why graphql-jit cannot be trusted with this operation, or undefined when it can. Three shapes are
 * known to go wrong in graphql-jit 0.8:
 * - variables of recursive or very large input types (compiling takes seconds and gigabytes);
 * - names its generated code derives from the operation that coincide: the resolve info of a field
 *   is named by its response path joined with `_` (so `total_tracks` and `tracks { total }` share
 *   one), and a resolver by its type name followed by its field name. The field that loses reads
 *   another field's info or resolver: wrong data or a bogus error;
 * - one response key selected more than once in a selection set (fragments and inline fragments
 *   merged), at least once under `@skip` or `@include`: graphql-jit decides the set's fields and
 *   their order before it knows the variables, so it drops fields the standard executor keeps
 *   (a fragment spread twice, once skipped), answers fields of a skipped selection, and orders the
 *   keys by their first occurrence even when that one is skipped.
 */
export function compileHazard(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (isInputType(type) && inputFieldCount(type, new Set(), MAX_COMPILED_INPUT_FIELDS) > MAX_COMPILED_INPUT_FIELDS) {
      return `variable "$${definition.variable.name.value}" has a recursive or very large input type`;
    }
  }
  return nameClash(schema, document, operation) ?? conditionalDuplicate(document, operation);
}

/** Fields of the input type expanded as a tree, counted up to just past `budget` (a cycle counts as past it). */
function inputFieldCount(type: GraphQLInputType, path: Set<unknown>, budget: number): number {
  const named = getNamedType(type);
  if (!isInputObjectType(named)) return 0;
  if (path.has(named)) return budget + 1;
  path.add(named);
  let count = 0;
  for (const field of Object.values(named.getFields())) {
    count += 1 + inputFieldCount(field.type, path, budget - count);
    if (count > budget) break;
  }
  path.delete(named);
  return count;
}

/**
 * Finds two fields that would share a generated name. Resolver names are compared exactly. Resolve
 * info names also carry list indexes (`idx1`) and the concrete type names of abstract fields
 * between the response keys; those segments are left out of the comparison, which can only make
 * more paths look alike, never fewer.
 */
function nameClash(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string | undefined {
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const paths = new Set<string>();
  const typeSegments = new Set<string>();
  const resolvers = new Map<string, string>();
  let clash: string | undefined;

  // `abstractWithUnderscore` counts abstract fields above whose concrete type names hold a `_`:
  // with two of them, the same response path could be named alike under two pairs of types.
  const visit = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, path: readonly string[], abstractWithUnderscore: number) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        const condition = fragment?.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        if (fragment && isCompositeType(condition)) visit(fragment.selectionSet, condition, path, abstractWithUnderscore);
        continue;
      }
      const fieldName = selection.name.value;
      const field = isUnionType(parent) ? undefined : parent.getFields()[fieldName];
      if (!field) continue;
      const key = [...path, (selection.alias ?? selection.name).value];
      paths.add(key.join('.'));
      for (const owner of isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent]) {
        const known = resolvers.get(owner.name + fieldName);
        if (known === undefined) resolvers.set(owner.name + fieldName, `${owner.name}.${fieldName}`);
        else if (known !== `${owner.name}.${fieldName}`) clash ??= `the resolvers of ${known} and ${owner.name}.${fieldName} share a compiled name`;
      }
      const returned = getNamedType(field.type);
      let below = abstractWithUnderscore;
      if (isAbstractType(returned)) {
        const names = schema.getPossibleTypes(returned).map((type) => type.name);
        for (const name of names) for (const segment of name.split('_')) typeSegments.add(segment);
        if (names.some((name) => name.includes('_')) && ++below > 1) clash ??= `${key.join('.')} is below two abstract fields with "_" in their type names`;
      }
      if (selection.selectionSet && isCompositeType(returned)) visit(selection.selectionSet, returned, key, below);
    }
  };
  visit(operation.selectionSet, root, [], 0);
  if (clash) return clash;

  const byName = new Map<string, string>();
  for (const path of paths) {
    const name = infoName(path.split('.'), typeSegments);
    const other = byName.get(name);
    if (other !== undefined) return `the fields ${other} and ${path} share a compiled name`;
    byName.set(name, path);
  }
  return undefined;
}

/** The response path as graphql-jit joins it (leaf first, `_` between keys), without the segments it may insert. */
function infoName(path: readonly string[], typeSegments: ReadonlySet<string>): string {
  return [...path]
    .reverse()
    .join('_')
    .split('_')
    .filter((segment) => !/^idx\d+$/.test(segment) && !typeSegments.has(segment))
    .join('_');
}
