import { GraphQLSchema } from 'graphql';
import { resolvePrefix } from '../../config/source-config.js';
import type { FieldLink } from '../../links/resolvers.js';
import type { KeyedCall } from '../../links/keyed-call.js';
import type { LinkRuntime } from '../../links/runtime.js';
import type { EntityCall } from '../../links/plan.js';
import type { ComputedField } from '../../computed/computed-field.js';
import { localOperations } from '../../sources/local-operations.js';
import type { LocalOperation, LocalStream, SourceView } from '../../sources/source-view.js';

/** How the gateway reaches one of its root fields. */
export type RootTarget =
  | { kind: 'local'; source: string; operation: LocalOperation }
  | {
      kind: 'graphql';
      source: string;
      view: SourceView;
      /** The field's name in the source's own schema. */
      sourceField: string;
      /** The source takes every root field of one request in one document. */
      batch: boolean;
    }
  | { kind: 'stream'; source: string; stream: LocalStream }
  | { kind: 'unplannable'; source: string; reason: string };

/** What the planner needs to know about the composed schema besides its types. */
export interface PlanningSchema {
  /** By `Query.field` / `Mutation.field` (gateway names). */
  roots: ReadonlyMap<string, RootTarget>;
  /** Fields resolved by another source's operation, by `Type.field`. */
  links: ReadonlyMap<string, FieldLink>;
  /** Root fields that fetch one item by key through a batch operation, by `Query.field`. */
  rootBatches: ReadonlyMap<string, { argument: string; call: KeyedCall }>;
  /** Types declared as one entity across sources. */
  mergedTypes: ReadonlySet<string>;
  /** How each merged type is fetched from each source that declared it. */
  entities: ReadonlyMap<string, readonly EntityCall[]>;
  /** Fields computed by the project's resolvers (`@resolveWith`), by `Type.field`. */
  computed: ReadonlyMap<string, ComputedField>;
  /** Entity types of federation subgraphs: only the planner fetches their fields. */
  federatedTypes: ReadonlySet<string>;
  /** Whether a source has the field on the type (gateway names). */
  provides(source: string, type: string, field: string): boolean;
  runtime: LinkRuntime;
}

const KEY = 'plexusPlanning';

export interface PlanningInput {
  views: Iterable<SourceView>;
  links: readonly FieldLink[];
  rootBatches: ReadonlyMap<string, { argument: string; call: KeyedCall }>;
  mergedTypes: ReadonlySet<string>;
  entities: ReadonlyMap<string, readonly EntityCall[]>;
  computed?: readonly ComputedField[];
  /** Fields a source has but does not answer, as `source/Type.field` (`@override`). Default none. */
  withheld?: ReadonlySet<string>;
  runtime: LinkRuntime;
}

/** Where the planner finds the root target of a keyed call: a gateway root field, or a subgraph's `_entities`. */
export function callRootKey(target: { fieldName: string; source: string; entityType?: string | undefined }): string {
  return target.entityType !== undefined ? `_entities@${target.source}` : `Query.${target.fieldName}`;
}

/** Describes how each root field and link of `schema` is reached, and returns the schema carrying it. */
export function withPlanningSchema(schema: GraphQLSchema, input: PlanningInput): GraphQLSchema {
  const roots = new Map<string, RootTarget>();
  const views = new Map<string, SourceView>();
  for (const view of input.views) {
    const { loaded } = view.entry;
    const source = view.entry.name;
    views.set(source, view);
    const renamedTypes = resolvePrefix(view.entry.config.prefix)?.types !== undefined;
    // Stitching leaves operations answering merged types to its own planning; the planner fetches
    // the other sources' fields of such a type itself, so every operation of the source is local.
    const locals = input.mergedTypes.size > 0 && loaded.local ? localOperations(view, new Set()) : view.locals;
    for (const [rootType, type] of [
      ['Query', loaded.schema.getQueryType()],
      ['Mutation', loaded.schema.getMutationType()],
    ] as const) {
      for (const field of Object.keys(type?.getFields() ?? {})) {
        const gatewayName = view.gatewayFieldName(field);
        const local = locals?.get(gatewayName);
        let target: RootTarget;
        if (local) target = { kind: 'local', source, operation: local };
        else if (loaded.local) target = { kind: 'unplannable', source, reason: `root field ${rootType}.${gatewayName} needs the source's schema executed` };
        else if (renamedTypes) target = { kind: 'unplannable', source, reason: `source "${source}" renames its types` };
        else target = { kind: 'graphql', source, view, sourceField: field, batch: loaded.batch };
        roots.set(`${rootType}.${gatewayName}`, target);
      }
    }
    // A subgraph's `_entities` is no gateway root field; the planner reaches it by source.
    if (loaded.entities?.length) roots.set(`_entities@${source}`, { kind: 'graphql', source, view, sourceField: '_entities', batch: loaded.batch });
    for (const field of Object.keys(loaded.schema.getSubscriptionType()?.getFields() ?? {})) {
      const gatewayName = view.gatewayFieldName(field);
      const stream = view.streams?.get(gatewayName);
      let target: RootTarget;
      if (stream) target = { kind: 'stream', source, stream };
      else if (loaded.local) target = { kind: 'unplannable', source, reason: `events of Subscription.${gatewayName} need the source's schema executed` };
      else if (renamedTypes) target = { kind: 'unplannable', source, reason: `source "${source}" renames its types` };
      // A GraphQL service runs the subscription itself: the planner sends it the source's document and reads each event.
      else target = { kind: 'graphql', source, view, sourceField: field, batch: false };
      roots.set(`Subscription.${gatewayName}`, target);
    }
  }
  const planning: PlanningSchema = {
    roots,
    links: new Map(input.links.map((link) => [link.id, link])),
    rootBatches: input.rootBatches,
    mergedTypes: input.mergedTypes,
    entities: input.entities,
    computed: new Map((input.computed ?? []).map((field) => [field.id, field])),
    federatedTypes: new Set([...views.values()].flatMap((view) => (view.entry.loaded.entities ?? []).map((entity) => entity.typeName))),
    provides: (source, type, field) => {
      if (input.withheld?.has(`${source}/${type}.${field}`)) return false;
      const found = views.get(source)?.visible.getType(type);
      return found !== undefined && 'getFields' in found && (found as { getFields(): Record<string, unknown> }).getFields()[field] !== undefined;
    },
    runtime: input.runtime,
  };
  return new GraphQLSchema({ ...schema.toConfig(), extensions: { ...schema.extensions, [KEY]: planning } });
}

/** The planning description of a composed schema; undefined for a schema Plexus did not compose. */
export function planningSchemaOf(schema: GraphQLSchema): PlanningSchema | undefined {
  return schema.extensions[KEY] as PlanningSchema | undefined;
}
