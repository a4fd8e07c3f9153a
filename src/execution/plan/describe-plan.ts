import { print } from 'graphql';
import { keyAlias } from './planner-parts.js';
import type { CompositeShape, Fetch, FieldShape, KeyedFetch, QueryPlan, RepresentationShape, Unplanned } from './query-plan.js';

// A plan as plain JSON, for people and tools: `plexus plan --json` and `extensions.plan`. It holds
// names, paths and printed documents only (no schema objects), in plan order, so the same plan
// always describes the same way.

/** Where the keys of a keyed fetch are read. */
export interface KeyDescription {
  /** `parents`: a field of the objects at `path`; `argument`: an argument of the root fields in `path`. */
  from: 'parents' | 'argument';
  /** Response path of the parent objects (`users.orders`), or the root fields batched together (`first|second`). */
  path: string;
  /** The parents' field (or the root fields' argument) holding the key; for a federation entity, the representation's fields. */
  key: string;
  /** Only parents of this type give keys (the parents' field is abstract). */
  onType?: string;
}

export interface FetchDescription {
  id: number;
  kind: Fetch['kind'];
  source: string;
  /** The source's operations this fetch calls, as gateway root fields (`Query.users`). */
  calls: string[];
  /** For keyed fetches: the link or batched root field it serves (`User.orders`). */
  link?: string;
  level: number;
  dependsOn: number[];
  /** Response paths the fetch's answers fill. */
  answers: string[];
  keys?: KeyDescription[];
  /** Keyed fetches: whether one call takes many keys. */
  batch?: boolean;
  /** Batched keyed fetches: most keys per call. */
  maxBatchSize?: number;
  /** The GraphQL document sent to the source, printed; absent for REST and gRPC calls. */
  document?: string;
  /**
   * How many calls the fetch makes upstream: `1 call` (root fetches, and keyed fetches a GraphQL
   * source takes in one document), `1 call per 500 keys` (a batch operation), `1 call per distinct
   * key`, `1 stream` (a subscription's events; the other fetches run once per event).
   */
  upstreamCalls: string;
}

export interface PlanDescription {
  operationType: QueryPlan['operationType'];
  /** Mutation fields run one after another, in document order. */
  serial: boolean;
  fetches: FetchDescription[];
}

/** The JSON description of a plan, or of why an operation has none. */
export function describePlan(plan: QueryPlan | Unplanned): PlanDescription | Unplanned {
  if ('unplanned' in plan) return { unplanned: plan.unplanned };
  const answers = answeredPaths(plan);
  return {
    operationType: plan.operationType,
    serial: plan.serial,
    fetches: plan.fetches.map((fetch) => describeFetch(plan, fetch, answers.get(fetch.id) ?? [])),
  };
}

const ONE_CALL = '1 call';

function describeFetch(plan: QueryPlan, fetch: Fetch, answers: string[]): FetchDescription {
  const base = { id: fetch.id, kind: fetch.kind, source: fetch.source };
  const order = { level: fetch.level, dependsOn: [...fetch.dependsOn].sort((a, b) => a - b), answers };
  if (fetch.kind === 'localRoot') return { ...base, calls: [`${fetch.rootType}.${fetch.field.name}`], ...order, upstreamCalls: ONE_CALL };
  // The fetches below an event run again for every event; the stream itself is opened once.
  if (fetch.kind === 'event') return { ...base, calls: [`${fetch.rootType}.${fetch.field.name}`], ...order, upstreamCalls: '1 stream' };
  // The project's resolver runs once per parent; the calls it makes are its own.
  if (fetch.kind === 'computed') return { ...base, calls: [`${fetch.parentType}.${fetch.field.name}`], ...order, upstreamCalls: 'resolver per parent' };
  if (fetch.kind === 'documentRoot') {
    const fields = plan.root
      .filter((shape) => shape.reader.kind === 'root' && shape.reader.fetch === fetch.id)
      .map((shape) => `${plan.rootType}.${shape.fieldName}`);
    return { ...base, calls: [...new Set(fields)], ...order, document: print(fetch.document), upstreamCalls: ONE_CALL };
  }
  const { call } = fetch;
  const batch = call.target.batch;
  return {
    ...base,
    // A subgraph's `_entities` is no gateway field: it is named with the entity it fetches.
    calls: [call.target.entityType === undefined ? `Query.${call.target.fieldName}` : `_entities(${call.target.entityType})`],
    link: call.id,
    ...order,
    keys: describeKeys(fetch),
    batch,
    ...(batch && { maxBatchSize: call.maxBatchSize }),
    ...(fetch.document && { document: print(fetch.document) }),
    upstreamCalls: keyedCalls(fetch),
  };
}

function keyedCalls(fetch: KeyedFetch): string {
  // A GraphQL source that takes several root fields at once gets every call of the fetch in one document.
  if (fetch.document && fetch.view?.entry.loaded.batch) return ONE_CALL;
  return fetch.call.target.batch ? `1 call per ${fetch.call.maxBatchSize} keys` : '1 call per distinct key';
}

const KEY_ALIAS_PREFIX = keyAlias('');

function describeKeys(fetch: KeyedFetch): KeyDescription[] {
  const keys: KeyDescription[] = [];
  const batchedRoots: string[] = [];
  let argument: string | undefined;
  for (const source of fetch.keys) {
    if (source.kind === 'argument') {
      batchedRoots.push(source.responseKey);
      argument = source.argument;
      continue;
    }
    const key = source.representation
      ? representationFields(source.representation)
      : source.keyProp.startsWith(KEY_ALIAS_PREFIX)
        ? source.keyProp.slice(KEY_ALIAS_PREFIX.length)
        : source.keyProp;
    const described: KeyDescription = {
      from: 'parents',
      path: source.path.map((step) => step.shape.responseKey).join('.'),
      key,
      ...(source.typeName && { onType: source.typeName }),
    };
    // Two selections of one link under the same parents (aliases) read the same keys.
    if (!keys.some((known) => JSON.stringify(known) === JSON.stringify(described))) keys.push(described);
  }
  if (argument !== undefined) keys.unshift({ from: 'argument', path: batchedRoots.join('|'), key: argument });
  return keys;
}

/** A representation's fields as a field set: `upc weight`, `id org { id }`. */
function representationFields(representation: RepresentationShape): string {
  const fieldSet = (shapes: readonly FieldShape[]): string =>
    shapes.map((shape) => (shape.sub ? `${shape.fieldName} { ${fieldSet([...shape.sub.byType.values()][0] ?? [])} }` : shape.fieldName)).join(' ');
  return fieldSet(representation.fields);
}

/** For each fetch, the response paths its answers fill, in the order the response holds them. */
function answeredPaths(plan: QueryPlan): Map<number, string[]> {
  const paths = new Map<number, string[]>();
  const add = (fetch: number, path: string) => {
    const known = paths.get(fetch);
    if (!known) paths.set(fetch, [path]);
    else if (!known.includes(path)) known.push(path);
  };
  const walk = (shapes: readonly FieldShape[], prefix: string) => {
    for (const shape of shapes) {
      const path = prefix ? `${prefix}.${shape.responseKey}` : shape.responseKey;
      const { reader } = shape;
      if (reader.kind === 'root' || reader.kind === 'link' || reader.kind === 'rootKeyed' || reader.kind === 'entity' || reader.kind === 'computed')
        add(reader.fetch, path);
      if (shape.sub) walkComposite(shape.sub, path);
    }
  };
  const walkComposite = (composite: CompositeShape, prefix: string) => {
    for (const shapes of composite.byType.values()) walk(shapes, prefix);
    for (const patches of composite.deferred?.values() ?? []) for (const patch of patches) walk(patch.fields, prefix);
  };
  walk(plan.root, '');
  for (const patch of plan.deferred ?? []) walk(patch.fields, '');
  return paths;
}
