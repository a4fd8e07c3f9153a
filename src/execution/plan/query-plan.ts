import type { DocumentNode, FieldNode, GraphQLField, GraphQLOutputType, OperationTypeNode } from 'graphql';
import type { Completion } from './completion.js';
import type { KeyedCall } from '../../links/keyed-call.js';
import type { ComputedField } from '../../computed/computed-field.js';
import type { LocalOperation, LocalStream, SourceView } from '../../sources/source-view.js';

// A query plan: the fetches an operation needs, and the shape of its response. Fetches run when
// the fetches they wait for are done; the response is then assembled in one pass over the shape,
// reading each field's value from the objects the fetches answered.

/** How a field's raw value is found, given the raw value of its parent object. */
export type Reader =
  /** A property of the parent: the field name on whole objects, the response key on fetched documents. */
  | { kind: 'prop'; key: string }
  /** A root field answered by a fetch of its own (`key` undefined) or by a document of root fields. */
  | { kind: 'root'; fetch: number; key?: string }
  /** A link: the keyed fetch's answer for the key the parent holds under `keyProp`. */
  | { kind: 'link'; fetch: number; keyProp: string; many: boolean }
  /** A field of a merged type from another source: read from the item the entity fetch answered for the parent's key (or representation). */
  | { kind: 'entity'; fetch: number; keyProp: string; itemKey: string; representation?: RepresentationShape }
  /** A root field batched into a keyed fetch: its answer for the key of this response key. */
  | { kind: 'rootKeyed'; fetch: number; responseKey: string }
  /** A computed field: the value the resolver gave for this very parent object. */
  | { kind: 'computed'; fetch: number }
  | { kind: 'typename' };

export interface FieldShape {
  responseKey: string;
  fieldName: string;
  parentType: string;
  returnType: GraphQLOutputType;
  /** How its values are completed, read off `returnType`. */
  completion: Completion;
  /** Every node of the response key, for error locations. */
  nodes: readonly FieldNode[];
  reader: Reader;
  /** The selection below a composite field. */
  sub?: CompositeShape | undefined;
  /** `@stream` on a list field, in a plan for incremental delivery: the items sent with the payload that holds the list. */
  stream?: { initialCount: number; label?: string };
}

/**
 * A fragment under `@defer`, in a plan for incremental delivery: its fields are left out of the
 * payload that holds its parent object and delivered in a payload of their own at that object's
 * path, once the fetches they read are done.
 */
export interface DeferredShape {
  label?: string;
  fields: readonly FieldShape[];
}

export interface CompositeShape {
  /** The fields to write for each object type the value may have (one entry for an object type). */
  byType: ReadonlyMap<string, readonly FieldShape[]>;
  /** Where an abstract value tells its type: `__typename` on whole objects, an alias on fetched documents. */
  typenameKey: string;
  /** Deferred fragments, for each object type they apply to. */
  deferred?: ReadonlyMap<string, readonly DeferredShape[]>;
}

/**
 * How a parent gives the representation a federation subgraph's `_entities` takes: `__typename`
 * and the fields below, planned like selected fields (read from the parent's source, or fetched
 * from their owners first for `@requires`) but never written to the response.
 */
export interface RepresentationShape {
  typeName: string;
  fields: readonly FieldShape[];
  /** The first `keyCount` fields are the key: a parent without them gives no representation. */
  keyCount: number;
}

/** One step from the root of the response towards the parents of a link. */
export interface PathStep {
  shape: FieldShape;
  /** The runtime type the parent must have for this step to apply (abstract parents), read at `typenameKey`. */
  typeName?: string;
  typenameKey?: string;
}

interface FetchBase {
  id: number;
  source: string;
  /** Fetches that must be done before this one starts. */
  dependsOn: number[];
  /** 0 for root fetches, one more than the deepest fetch waited for otherwise. */
  level: number;
}

/** A root field of a REST or gRPC source: one call, answering the whole object. */
export interface LocalRootFetch extends FetchBase {
  kind: 'localRoot';
  operation: LocalOperation;
  field: GraphQLField<unknown, unknown>;
  nodes: readonly FieldNode[];
  responseKey: string;
  rootType: string;
}

/** Root fields of a GraphQL source, sent as one document. */
export interface DocumentRootFetch extends FetchBase {
  kind: 'documentRoot';
  view: SourceView;
  operationType: OperationTypeNode;
  document: DocumentNode;
  /** Client variables the document uses. */
  variables: readonly string[];
  responseKeys: readonly string[];
}

/** Where the keys of a keyed fetch come from. */
export type KeySource =
  /**
   * Parent objects found along `path` from the root, each holding its key under `keyProp`, or
   * giving a federation representation (`representation`, and `keyProp` is empty).
   */
  | { kind: 'parents'; path: readonly PathStep[]; keyProp: string; typeName?: string; typenameKey?: string; representation?: RepresentationShape }
  /** A root field's argument (root-field batching). */
  | {
      kind: 'argument';
      responseKey: string;
      argument: string;
      field: GraphQLField<unknown, unknown>;
      nodes: readonly FieldNode[];
      /** The root field itself, called when the caller may not call the batch operation. */
      operation: LocalOperation;
    };

/** Calls of one operation by key, for the keys of every parent at one plan level. */
export interface KeyedFetch extends FetchBase {
  kind: 'keyed';
  call: KeyedCall;
  /** For a source called with a document: the operation, taking the keys in `$_plexusKeys`. */
  document?: DocumentNode;
  /** With `document`: the source it goes to. */
  view?: SourceView;
  variables: readonly string[];
  keys: readonly KeySource[];
}

/** The events of a subscription: its output is each event's value in turn, and the plan runs once per event. */
export interface EventFetch extends FetchBase {
  kind: 'event';
  stream: LocalStream;
  field: GraphQLField<unknown, unknown>;
  nodes: readonly FieldNode[];
  responseKey: string;
  rootType: string;
}

/**
 * A computed field (`@resolveWith`): once the fetch producing its parents is done, the project's
 * resolver runs for every parent at that point, in parallel; its output maps each parent object
 * to its value (or error).
 */
export interface ComputedFetch extends FetchBase {
  kind: 'computed';
  computed: ComputedField;
  field: GraphQLField<unknown, unknown>;
  nodes: readonly FieldNode[];
  parentType: string;
  responseKey: string;
  parents: { path: readonly PathStep[]; typeName?: string; typenameKey?: string };
  /** Where each parent holds each required field: its name on whole objects, an alias on fetched documents. */
  requires: ReadonlyArray<{ name: string; prop: string }>;
}

export type Fetch = LocalRootFetch | DocumentRootFetch | KeyedFetch | EventFetch | ComputedFetch;

export interface QueryPlan {
  operationType: OperationTypeNode;
  rootType: string;
  fetches: readonly Fetch[];
  root: readonly FieldShape[];
  /** Deferred fragments on the root type (plans for incremental delivery). */
  deferred?: readonly DeferredShape[];
  /** Mutations: root fetches run one after another, in document order. */
  serial: boolean;
  /** Planned for incremental delivery: `@defer` and `@stream` split the response into payloads. */
  incremental?: boolean;
}

/** An operation the planner does not handle yet, with the reason; it runs on the standard executor. */
export interface Unplanned {
  unplanned: string;
}
