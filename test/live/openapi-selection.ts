import { getNamedType, isLeafType, isObjectType, isUnionType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';

/** What is selected below a field: nothing (a leaf), fields of an object, or fields per member of a union. */
export type Selection = { kind: 'leaf' } | { kind: 'object'; fields: SelectedField[] } | { kind: 'union'; members: Map<string, SelectedField[]> };

export interface SelectedField {
  /** The key of the field in the answer (differs from `name` inside union members). */
  alias: string;
  name: string;
  /** The service's property name (the field's `wireName` extension), else the field's name. */
  wireName: string;
  type: GraphQLOutputType;
  selection: Selection;
}

/**
 * Every leaf field down to `depth` levels below a root field of type `type`, with `__typename` and
 * one inline fragment per member for unions. An object whose fields are all objects at the last
 * level selects `__typename`, so that its presence is still compared. Undefined when `type` is an
 * object below the depth.
 */
export function selectionOf(type: GraphQLOutputType, depth = 3, level = 1): Selection | undefined {
  const named = getNamedType(type);
  if (isLeafType(named)) return { kind: 'leaf' };
  if (level > depth) return undefined;
  if (isObjectType(named)) return { kind: 'object', fields: fieldsOf(named, depth, level) };
  if (isUnionType(named)) {
    const members = new Map(named.getTypes().map((member) => [member.name, fieldsOf(member, depth, level, `__${member.name}`)]));
    return { kind: 'union', members };
  }
  return undefined;
}

function fieldsOf(type: GraphQLObjectType, depth: number, level: number, aliasSuffix = ''): SelectedField[] {
  const fields: SelectedField[] = [];
  for (const field of Object.values(type.getFields())) {
    // Fields of the same name in two members may differ in type: aliases keep them apart.
    const selection = field.args.length === 0 ? selectionOf(field.type, depth, level + 1) : undefined;
    if (!selection) continue;
    const wireName = typeof field.extensions['wireName'] === 'string' ? field.extensions['wireName'] : field.name;
    fields.push({ alias: field.name + aliasSuffix, name: field.name, wireName, type: field.type, selection });
  }
  return fields;
}

/** The selection set in GraphQL syntax (empty for a leaf). */
export function printSelection(selection: Selection): string {
  switch (selection.kind) {
    case 'leaf':
      return '';
    case 'object':
      return `{ ${printFields(selection.fields) || '__typename'} }`;
    case 'union':
      return `{ __typename ${[...selection.members].map(([member, fields]) => `... on ${member} { ${printFields(fields) || '__typename'} }`).join(' ')} }`;
  }
}

function printFields(fields: SelectedField[]): string {
  return fields
    .map((field) => {
      const head = field.alias === field.name ? field.name : `${field.alias}: ${field.name}`;
      const below = printSelection(field.selection);
      return below ? `${head} ${below}` : head;
    })
    .join(' ');
}
