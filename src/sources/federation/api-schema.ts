import {
  GraphQLError,
  Kind,
  parse,
  visit,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { SourceEntity } from '../types.js';
import { REFUSED, booleanArgument, directiveNames, meaning, stringArgument, type DirectiveNames } from './directive-names.js';

// A subgraph's SDL is written for a composer: it declares the types it shares (`@key`), fields it
// only refers to (`@external`) and the machinery of `_entities`. The gateway serves the API schema
// instead: what clients may ask this source for, with no federation types, fields or directives,
// and the entity facts kept aside for the planner.

/** Types and fields of the federation machinery, never part of the API schema. */
const MACHINERY_TYPES = new Set(['_Any', '_Entity', '_Service', '_FieldSet', 'FieldSet']);
const MACHINERY_FIELDS = new Set(['_entities', '_service']);

export type SubgraphEntity = Omit<SourceEntity, 'maxBatchSize'>;

export interface SubgraphReading {
  /** The API schema's SDL. */
  document: DocumentNode;
  entities: SubgraphEntity[];
  /** Unsupported or malformed federation usage, each at its node. */
  problems: GraphQLError[];
}

interface EntityFacts extends SubgraphEntity {
  /** Top-level fields of every `@key`, resolvable or not: this source answers them although `@external`. */
  keyFields: Set<string>;
}

type TypeNode = Extract<DefinitionNode, { name: unknown }>;

/** Turns a subgraph's SDL into its API schema and the entities it resolves. */
export function readSubgraph(document: DocumentNode): SubgraphReading {
  const names = directiveNames(document);
  const problems = [...names.problems];
  visit(document, {
    Directive(node) {
      const refused = REFUSED[meaning(names, node) ?? ''];
      if (refused) problems.push(new GraphQLError(refused, { nodes: [node] }));
    },
  });
  const entities = readKeys(document, names, problems);
  const defined = new Set(document.definitions.flatMap((definition) => (isTypeDefinition(definition) ? [definition.name.value] : [])));
  const has = (node: { directives?: readonly DirectiveNode[] | undefined }, directive: string) =>
    (node.directives ?? []).some((use) => meaning(names, use) === directive);
  const dropped = new Set<string>();
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && (has(definition as TypeNode, 'inaccessible') || isMachinery(definition.name.value)))
      dropped.add(definition.name.value);
  }
  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.DIRECTIVE_DEFINITION) {
      if (!names.byLocal.has(definition.name.value) && definition.name.value !== names.link && !isFederationDirectiveName(definition.name.value))
        definitions.push(definition);
      continue;
    }
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      const directives = (definition.directives ?? []).filter((use) => use.name.value !== names.link && !meaning(names, use));
      if (definition.kind === Kind.SCHEMA_DEFINITION || (definition.operationTypes?.length ?? 0) > 0 || directives.length > 0)
        definitions.push({ ...definition, directives });
      continue;
    }
    if (!('name' in definition) || !definition.name || dropped.has(definition.name.value)) continue;
    let node = definition as TypeNode;
    const typeName = node.name.value;
    // Federation v1 extends types that no subgraph defines (`extend type User @key(...)`); on its own, the source defines them.
    if ((node.kind === Kind.OBJECT_TYPE_EXTENSION || node.kind === Kind.INTERFACE_TYPE_EXTENSION) && (!defined.has(typeName) || has(node, 'extends'))) {
      node = { ...node, kind: node.kind === Kind.OBJECT_TYPE_EXTENSION ? Kind.OBJECT_TYPE_DEFINITION : Kind.INTERFACE_TYPE_DEFINITION } as TypeNode;
      defined.add(typeName);
    }
    if ('fields' in node && node.fields) {
      const entity = entities.get(typeName);
      const fields = (node.fields as readonly FieldDefinitionNode[]).filter((field) => keepField(field, typeName, entity, names, has, problems));
      node = { ...node, fields } as TypeNode;
    }
    if (node.kind === Kind.ENUM_TYPE_DEFINITION || node.kind === Kind.ENUM_TYPE_EXTENSION)
      node = { ...node, values: (node.values ?? []).filter((value) => !has(value, 'inaccessible')) };
    if (node.kind === Kind.UNION_TYPE_DEFINITION || node.kind === Kind.UNION_TYPE_EXTENSION)
      node = { ...node, types: (node.types ?? []).filter((member) => !dropped.has(member.name.value)) };
    definitions.push(node);
  }
  // A Query that held only `_entities` and `_service` is no Query at all: the other sources fill its place.
  const queryFields = definitions.some((node) => 'name' in node && node.name?.value === 'Query' && 'fields' in node && (node.fields?.length ?? 0) > 0);
  if (!queryFields) definitions.splice(0, definitions.length, ...definitions.filter((node) => !('name' in node && node.name?.value === 'Query')));
  // Every federation directive left (on arguments, input fields, types) has done its work.
  const api = visit(
    { kind: Kind.DOCUMENT, definitions },
    {
      Directive: (use) => (use.name.value === names.link || meaning(names, use) ? null : undefined),
      InputValueDefinition: (value) => (has(value, 'inaccessible') ? null : undefined),
    },
  );
  const present = (name: string) => !dropped.has(name);
  const reading = [...entities.values()].filter((entity) => present(entity.typeName)).map(({ keyFields: _keyFields, ...entity }) => entity);
  return { document: api, entities: reading, problems };
}

function keepField(
  field: FieldDefinitionNode,
  typeName: string,
  entity: EntityFacts | undefined,
  names: DirectiveNames,
  has: (node: FieldDefinitionNode, directive: string) => boolean,
  problems: GraphQLError[],
): boolean {
  const name = field.name.value;
  if (has(field, 'inaccessible')) return false;
  if (typeName === 'Query' && MACHINERY_FIELDS.has(name)) return false;
  // A field the source only refers to is answered by its owner; a key field it gets back from the representation.
  if (has(field, 'external') && !entity?.keyFields.has(name)) return false;
  for (const use of field.directives ?? []) {
    const directive = meaning(names, use);
    if (directive === 'requires') {
      const fields = stringArgument(use, 'fields');
      if (!entity) problems.push(new GraphQLError(`@requires on ${typeName}.${name}: ${typeName} has no @key`, { nodes: [use] }));
      else if (fields === undefined || !selectionOf(fields))
        problems.push(new GraphQLError(`@requires on ${typeName}.${name} needs fields: a selection of ${typeName}`, { nodes: [use] }));
      else entity.requires[name] = fields;
    } else if (directive === 'override') {
      const from = stringArgument(use, 'from');
      if (use.arguments?.some((argument) => argument.name.value === 'label')) {
        problems.push(new GraphQLError(`progressive @override (label:) on ${typeName}.${name} is not supported`, { nodes: [use] }));
      } else if (!entity || from === undefined) {
        problems.push(new GraphQLError(`@override on ${typeName}.${name} needs from: and a type with @key`, { nodes: [use] }));
      } else entity.overrides[name] = from;
    }
  }
  return true;
}

/** Every `@key` of every type, merged over the type's definition and extensions. */
function readKeys(document: DocumentNode, names: DirectiveNames, problems: GraphQLError[]): Map<string, EntityFacts> {
  const entities = new Map<string, EntityFacts>();
  for (const definition of document.definitions) {
    if (!isTypeDefinition(definition) && !('name' in definition)) continue;
    for (const use of (definition as TypeNode).directives ?? []) {
      if (meaning(names, use) !== 'key') continue;
      const typeName = (definition as TypeNode).name.value;
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) {
        problems.push(new GraphQLError(`@key on ${typeName}: entity interfaces are not supported`, { nodes: [use] }));
        continue;
      }
      const fields = stringArgument(use, 'fields');
      const selection = fields === undefined ? undefined : selectionOf(fields);
      if (fields === undefined || !selection) {
        problems.push(new GraphQLError(`@key on ${typeName} needs fields: a selection of ${typeName}, e.g. "id"`, { nodes: [use] }));
        continue;
      }
      let entity = entities.get(typeName);
      if (!entity) entities.set(typeName, (entity = { typeName, keys: [], requires: {}, overrides: {}, keyFields: new Set() }));
      for (const selected of selection.selections) if (selected.kind === Kind.FIELD) entity.keyFields.add(selected.name.value);
      if (booleanArgument(use, 'resolvable') !== false && !entity.keys.includes(fields)) entity.keys.push(fields);
    }
  }
  return entities;
}

/** A field set (`id org { id }`) as a selection set, or undefined when it does not parse. */
export function selectionOf(fields: string): SelectionSetNode | undefined {
  try {
    const parsed = parse(`{ ${fields} }`, { noLocation: true });
    const operation = parsed.definitions[0];
    return operation?.kind === Kind.OPERATION_DEFINITION && parsed.definitions.length === 1 ? operation.selectionSet : undefined;
  } catch {
    return undefined;
  }
}

function isTypeDefinition(definition: DefinitionNode): definition is TypeNode {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    definition.kind === Kind.UNION_TYPE_DEFINITION ||
    definition.kind === Kind.ENUM_TYPE_DEFINITION ||
    definition.kind === Kind.SCALAR_TYPE_DEFINITION ||
    definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION
  );
}

function isMachinery(name: string): boolean {
  return MACHINERY_TYPES.has(name) || name.startsWith('federation__') || name.startsWith('link__');
}

function isFederationDirectiveName(name: string): boolean {
  return (
    ['key', 'external', 'requires', 'provides', 'extends', 'shareable', 'inaccessible', 'override', 'tag', ...Object.keys(REFUSED)].includes(name) ||
    name.includes('__')
  );
}
