import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { nullMeansError, type Backend } from '../../links/keyed-call.js';
import { valueAt } from '../../links/operation-target.js';
import { KEY_ALIAS } from '../../links/selection.js';
import type { KeyedFetch } from '../plan/query-plan.js';
import { ITEMS_ALIAS, KEYS_VARIABLE } from '../plan/keyed-document.js';
import type { RequestRun } from './request-run.js';
import { execute } from './execute-request.js';

/**
 * Calls a GraphQL source with a keyed fetch's document. A source that takes several root fields
 * in one request (`batch`, the default) gets every call of the fetch (each chunk of keys, or each
 * key of an operation without a batch argument) as aliased root fields of one document.
 */
export function documentBackend(run: RequestRun, fetch: KeyedFetch): Backend {
  const { target } = fetch.call;
  // `_entities` is no gateway field: its answer is a list by position, null items included.
  const returnType = target.entityType === undefined ? run.schema.getQueryType()!.getFields()[target.fieldName]!.type : undefined;
  const send = fetch.view!.entry.loaded.batch
    ? batchedSender(run, fetch)
    : (argument: unknown) => sendAll(run, fetch, [argument]).then((answers) => answers[0]!);
  return {
    invoke: async (argument) => {
      const { items, failure } = await send(argument);
      if ((items === null || items === undefined) && failure) return failure;
      return returnType ? nullMeansError(target, returnType, items ?? null) : (items ?? null);
    },
    items: (result) => {
      const raw = target.results ? valueAt(result, target.results) : result;
      return Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
    },
    keyOf: (item, matchOn) => valueAt(item[KEY_ALIAS], matchOn.slice(1)),
  };
}

interface Answer {
  items: unknown;
  failure?: GraphQLError;
}

/** Gathers the calls made in one turn of the event loop into one request. */
function batchedSender(run: RequestRun, fetch: KeyedFetch): (argument: unknown) => Promise<Answer> {
  let pending: Array<{ argument: unknown; resolve(answer: Answer): void }> = [];
  return (argument) =>
    new Promise<Answer>((resolve) => {
      pending.push({ argument, resolve });
      if (pending.length > 1) return;
      queueMicrotask(() => {
        const calls = pending;
        pending = [];
        void sendAll(
          run,
          fetch,
          calls.map((call) => call.argument),
        ).then((answers) => calls.forEach((call, index) => call.resolve(answers[index]!)));
      });
    });
}

async function sendAll(run: RequestRun, fetch: KeyedFetch, argumentsList: readonly unknown[]): Promise<Answer[]> {
  const many = argumentsList.length > 1;
  const variables: Record<string, unknown> = run.sourceVariables(fetch.variables);
  argumentsList.forEach((argument, index) => (variables[many ? `${KEYS_VARIABLE}_${index}` : KEYS_VARIABLE] = argument));
  const result = await execute(fetch.view!.subschema.executor!, {
    document: many ? documentFor(fetch.document!, argumentsList.length) : fetch.document!,
    variables,
    operationType: 'query' as never,
    context: run.context,
  }).catch((error: unknown) => ({ errors: [error as GraphQLError] }) as ExecutionResult);
  const data = (result.data ?? {}) as Record<string, unknown>;
  return argumentsList.map((_argument, index) => {
    const alias = many ? `${ITEMS_ALIAS}_${index}` : ITEMS_ALIAS;
    const holder: Record<string, unknown> = { [alias]: data[alias] };
    let failure: GraphQLError | undefined;
    for (const error of result.errors ?? []) {
      const path = error.path;
      if (path?.length && path[0] !== alias) continue;
      if (!path?.length || !placeError(holder, error)) failure ??= error;
    }
    return { items: holder[alias], ...(failure && { failure }) };
  });
}

// Documents for n calls at once, by fetch document and n.
const documents = new WeakMap<DocumentNode, Map<number, DocumentNode>>();

/** The keyed document with its root field repeated `count` times, each under its own alias and keys variable. */
function documentFor(single: DocumentNode, count: number): DocumentNode {
  let byCount = documents.get(single);
  if (!byCount) documents.set(single, (byCount = new Map()));
  let document = byCount.get(count);
  if (document) return document;
  const operation = single.definitions[0] as OperationDefinitionNode;
  const [keys, ...others] = operation.variableDefinitions as VariableDefinitionNode[];
  const field = operation.selectionSet.selections[0] as FieldNode;
  const definitions: VariableDefinitionNode[] = [];
  const fields: FieldNode[] = [];
  for (let index = 0; index < count; index++) {
    const name = `${KEYS_VARIABLE}_${index}`;
    definitions.push({ ...keys!, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } });
    const renamed = visit(field, { Variable: (node) => (node.name.value === KEYS_VARIABLE ? { ...node, name: { kind: Kind.NAME, value: name } } : undefined) });
    fields.push({ ...renamed, alias: { kind: Kind.NAME, value: `${ITEMS_ALIAS}_${index}` } });
  }
  const batched: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [...definitions, ...others],
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  document = { kind: Kind.DOCUMENT, definitions: [batched] };
  // Only the usual counts are kept: one per chunk of a large batch, or per key of a short list.
  if (count <= 32) byCount.set(count, document);
  return document;
}

/**
 * Puts an error the service located at `path` in place of the value it nulled, copying the
 * objects on the way so that nothing another request holds is changed. Errors then surface where
 * the client's field is, like any other field error. Returns false when the path leads nowhere.
 */
export function placeError(data: Record<string, unknown>, error: GraphQLError): boolean {
  const path = error.path!;
  let parent: Record<string | number, unknown> = data;
  for (let index = 0; index < path.length - 1; index++) {
    const next = parent[path[index]!];
    if (next === null || typeof next !== 'object' || next instanceof Error) return false;
    const copy = (Array.isArray(next) ? [...next] : { ...next }) as Record<string | number, unknown>;
    parent[path[index]!] = copy;
    parent = copy;
  }
  const last = path[path.length - 1]!;
  if (parent[last] !== null && parent[last] !== undefined) return false;
  parent[last] = new GraphQLError(error.message, { extensions: error.extensions, ...(error.originalError && { originalError: error.originalError }) });
  return true;
}
