import { GraphQLList, GraphQLNonNull, GraphQLScalarType, isObjectType, type SelectionSetNode } from 'graphql';
import type { SourceView } from '../sources/source-view.js';
import type { SourceEntity } from '../sources/types.js';
import { selectionOf } from '../sources/federation/api-schema.js';
import type { KeyedCall } from './keyed-call.js';
import type { OperationTarget } from './operation-target.js';

// A federation subgraph resolves its entities through one field of its own,
// `_entities(representations: [_Any!]!)`, answering by position. To the planner that is one more
// keyed call: the keys are representations (`{ __typename, <key fields>, <required fields> }`)
// built from the parents, and each answer is the item for the parent at the same position.

/** How the planner builds the representations of a federation entity call. */
export interface EntityRepresentation {
  typeName: string;
  /** Each resolvable `@key`'s selection; the planner takes the first whose fields the parents' source has. */
  keys: readonly SelectionSetNode[];
  /** Fields of the entity sent besides the key (`@requires`), fetched from their owners first. */
  requires?: SelectionSetNode;
  /** The fields this call answers: only these (the fields of one `@requires`)... */
  only?: ReadonlySet<string>;
  /** ...or every field the source has but these (fields that need a `@requires` call of their own). */
  except?: ReadonlySet<string>;
}

const ANY = new GraphQLScalarType({ name: '_Any' });
const REPRESENTATIONS = new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(ANY)));

/** A federation entity's calls from one source: one for its plain fields, one per distinct `@requires`. */
export interface FederationEntityCall {
  source: string;
  call: KeyedCall;
  representation: EntityRepresentation;
}

/** The calls that fetch `entity` from `view`'s `_entities`. */
export function federationEntityCalls(view: SourceView, entity: SourceEntity): FederationEntityCall[] {
  const source = view.entry.name;
  const keys = entity.keys.map(selectionOf).filter((selection): selection is SelectionSetNode => selection !== undefined);
  if (keys.length === 0 || !isObjectType(view.visible.getType(entity.typeName))) return [];
  const target: OperationTarget = {
    source,
    subschema: view.subschema,
    fieldName: '_entities',
    argumentPath: ['representations'],
    batch: true,
    argumentType: REPRESENTATIONS,
    itemType: entity.typeName,
    returnsList: true,
    entityType: entity.typeName,
  };
  const keyed = (id: string): KeyedCall => ({ id, many: false, maxBatchSize: entity.maxBatchSize, target, skipTypeMerging: true });
  const groups = new Map<string, string[]>();
  for (const [field, fields] of Object.entries(entity.requires)) groups.set(fields, [...(groups.get(fields) ?? []), field]);
  const needing = new Set(Object.keys(entity.requires));
  const calls: FederationEntityCall[] = [
    { source, call: keyed(`${entity.typeName}@${source}`), representation: { typeName: entity.typeName, keys, ...(needing.size > 0 && { except: needing }) } },
  ];
  for (const [fields, answered] of groups) {
    calls.push({
      source,
      call: keyed(`${entity.typeName}@${source}(requires ${fields})`),
      representation: { typeName: entity.typeName, keys, requires: selectionOf(fields)!, only: new Set(answered) },
    });
  }
  return calls;
}

/** Whether an entity call answers `field` (a source answers a field needing `@requires` only through the call that sends it). */
export function answersField(representation: EntityRepresentation | undefined, field: string): boolean {
  if (!representation) return true;
  if (representation.only) return representation.only.has(field);
  return !representation.except?.has(field);
}
