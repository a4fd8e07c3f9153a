import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from 'graphql';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { didYouMeanAny } from '../config/did-you-mean.js';
import type { LocalOperation, SourceView } from '../sources/source-view.js';

/** Everything needed to call one operation of a source with keys. */
export interface OperationTarget {
  source: string;
  subschema: SubschemaConfig;
  /** Root field name in the gateway schema. */
  fieldName: string;
  /** Where the key (or list of keys) goes in the arguments; more than one segment enters input objects. */
  argumentPath: string[];
  /** The argument takes a list: one call serves many keys. */
  batch: boolean;
  /** The type of the argument that receives the key (or the list of keys). */
  argumentType: GraphQLInputType;
  /** Field path in each item that holds its key; undefined = match by position. */
  matchOn?: string[];
  /** Field path from the operation's result to the items. */
  results?: string[];
  /** Named type of each item (gateway name). */
  itemType: string;
  /** The operation answers a list of items (at `results`, or directly). */
  returnsList: boolean;
  /** Set when the operation can be called without delegation. */
  local?: LocalOperation;
  /** A federation subgraph's `_entities`: the keys are representations of this type, answered by position. */
  entityType?: string;
}

export interface TargetRequest {
  source: string;
  operation: string;
  argument?: string | undefined;
  matchOn?: string | undefined;
  results?: string | undefined;
}

/** Resolves a link's operation against a source, or says what is wrong. */
export function resolveTarget(views: ReadonlyMap<string, SourceView>, request: TargetRequest): OperationTarget | string {
  const view = views.get(request.source);
  if (!view) return `unknown source "${request.source}" (sources: ${[...views.keys()].sort().join(', ')})${didYouMeanAny(request.source, views.keys())}`;
  const operations = view.entry.loaded.operations;
  const operation = operations.find((candidate) => candidate.name === request.operation || candidate.field === request.operation);
  if (!operation) {
    const named = new Map(
      operations
        .filter((candidate) => candidate.rootType === 'Query')
        .flatMap(
          (candidate) =>
            [
              [candidate.name, candidate],
              [candidate.field, candidate],
            ] as const,
        ),
    );
    return `source "${request.source}" has no operation "${request.operation}"${didYouMeanAny(request.operation, named.keys(), (name) => named.get(name))}`;
  }
  if (operation.rootType !== 'Query')
    return `operation "${request.operation}" of source "${request.source}" is a ${operation.rootType} field; links call Query fields`;
  const fieldName = view.gatewayFieldName(operation.field);
  const field = view.visible.getQueryType()?.getFields()[fieldName];
  if (!field) return `operation "${request.operation}" is not in the schema of source "${request.source}"`;

  const declared = operation.batch;
  const argumentName = request.argument ?? declared?.argument ?? (field.args.length === 1 ? field.args[0]!.name : undefined);
  if (argumentName === undefined) {
    return `operation "${request.operation}" takes ${field.args.length} arguments; name the one that receives the key with argument: (one of ${field.args.map((arg) => arg.name).join(', ')})`;
  }
  const argumentPath = argumentName.split('.');
  const argumentType = inputTypeAt(field, argumentPath);
  if (!argumentType) return `operation "${request.operation}" has no argument "${argumentName}"${didYouMeanAny(argumentName, inputPathsOf(field))}`;
  const namedArgument = getNamedType(argumentType);
  if (isInputObjectType(namedArgument)) {
    const inner = Object.keys(namedArgument.getFields())
      .map((name) => `${argumentName}.${name}`)
      .join(', ');
    return `argument "${argumentName}" of operation "${request.operation}" is an input object; name the field that receives the key (one of ${inner})`;
  }
  const batch = isListType(getNullableType(argumentType));

  const results = request.results?.split('.');
  const itemsType = results ? outputTypeAt(field.type, results) : field.type;
  if (!itemsType)
    return `the result of operation "${request.operation}" has no field "${request.results}"${didYouMeanAny(request.results!, outputPathsOf(field.type))}`;
  const itemType = getNamedType(itemsType);
  const returnsList = isListType(getNullableType(itemsType));

  const matchOnName = request.matchOn ?? (declared && declared.argument === argumentName ? declared.key : undefined);
  const matchOn = matchOnName?.split('.');
  if (matchOn && !outputTypeAt(itemType, matchOn)) {
    return `type "${itemType.name}" has no field "${matchOnName}" to match results on${didYouMeanAny(matchOnName!, outputPathsOf(itemType))}`;
  }
  return {
    source: request.source,
    subschema: view.subschema,
    fieldName,
    argumentPath,
    batch,
    argumentType,
    ...(matchOn && { matchOn }),
    ...(results && { results }),
    itemType: itemType.name,
    returnsList,
    ...(view.locals?.has(fieldName) && { local: view.locals.get(fieldName)! }),
  };
}

function inputTypeAt(field: GraphQLField<unknown, unknown>, path: readonly string[]): GraphQLInputType | undefined {
  let type: GraphQLInputType | undefined = field.args.find((arg) => arg.name === path[0])?.type;
  for (const segment of path.slice(1)) {
    const named: GraphQLNamedType | undefined = type && getNamedType(type);
    type = isInputObjectType(named) ? named.getFields()[segment]?.type : undefined;
  }
  return type;
}

function outputTypeAt(type: GraphQLOutputType, path: readonly string[]): GraphQLOutputType | undefined {
  let current: GraphQLOutputType | undefined = type;
  for (const segment of path) {
    const named: GraphQLNamedType | undefined = current && getNamedType(current);
    current = isObjectType(named) ? named.getFields()[segment]?.type : undefined;
  }
  return current;
}

/** Argument names of a field, with one level of input object fields (`filter.ownerIds`), for suggestions. */
function inputPathsOf(field: GraphQLField<unknown, unknown>): string[] {
  return field.args.flatMap((arg) => {
    const named = getNamedType(arg.type);
    return [arg.name, ...(isInputObjectType(named) ? Object.keys(named.getFields()).map((name) => `${arg.name}.${name}`) : [])];
  });
}

/** Field names of an output type, with one level below (`items.id`), for suggestions. */
export function outputPathsOf(type: GraphQLOutputType): string[] {
  const named = getNamedType(type);
  if (!isObjectType(named)) return [];
  return Object.entries(named.getFields()).flatMap(([name, field]) => {
    const inner = getNamedType(field.type);
    return [name, ...(isObjectType(inner) ? Object.keys(inner.getFields()).map((child) => `${name}.${child}`) : [])];
  });
}

/** Builds the arguments object that puts `value` at `path`. */
export function argumentsAt(path: readonly string[], value: unknown): Record<string, unknown> {
  let result: unknown = value;
  for (let index = path.length - 1; index >= 0; index--) result = { [path[index]!]: result };
  return result as Record<string, unknown>;
}

/** Reads a dot path from a result object. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
