import {
  coerceInputValue,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  typeFromAST,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { serializeInputValue } from '@graphql-tools/utils';
import { resolvePrefix } from '../config/source-config.js';
import { upstreamError } from '../errors.js';
import type { LocalOperation, LocalStream, SourceView } from './source-view.js';
import { requestIdFromContext } from '../observability/request-id.js';
import { requestStateOf } from '../request-state.js';
import { createSerializer, type Serializer } from './serialize.js';

/** The local operations of one source, by root field name in the gateway; empty when the source cannot be called directly. */
export function localOperations(view: SourceView, mergedTypes: ReadonlySet<string>): Map<string, LocalOperation> {
  const found = new Map<string, LocalOperation>();
  const { loaded } = view.entry;
  // Type prefixes rename what abstract values report as __typename; such sources keep delegation.
  if (!loaded.local || resolvePrefix(view.entry.config.prefix)?.types) return found;
  const schema = loaded.schema;
  const source = view.entry.name;
  const serializer = createSerializer(schema, {
    wrongShape: (expected) => upstreamError(source, `Source "${source}" answered a value of the wrong type here: expected ${expected}`),
  });
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (!field.resolve || !servedWhole(getNamedType(field.type), mergedTypes)) continue;
      const resolve = field.resolve;
      const serialize = loaded.serializedResults ? undefined : serializer.forType(field.type);
      const call = async (args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => {
        const result = await resolve(undefined, args, context, info);
        if (!serialize) return result;
        const before = serializer.wrongShapes;
        const serialized = serialize(result, context);
        if (serializer.wrongShapes !== before) logWrongShapes(view, serializer, field, result, context);
        return serialized;
      };
      found.set(view.gatewayFieldName(field.name), {
        field,
        callWithJson: (args, context, info) => call(coerceArguments(field, args), context, info),
        callFromRequest: (context, info) => call(getArgumentValues(field, info.fieldNodes[0]!, localVariables(schema, info, context)), context, info),
      });
    }
  }
  return found;
}

/**
 * The subscription fields of a source whose events are resolved by the source itself into whole
 * serialized objects (gRPC server streams), by gateway field name.
 */
export function localStreams(view: SourceView, mergedTypes: ReadonlySet<string>): Map<string, LocalStream> {
  const found = new Map<string, LocalStream>();
  const { loaded } = view.entry;
  const subscription = loaded.schema.getSubscriptionType();
  if (!loaded.local || !loaded.serializedResults || !subscription || resolvePrefix(view.entry.config.prefix)?.types) return found;
  for (const field of Object.values(subscription.getFields())) {
    const { subscribe, resolve } = field;
    if (!subscribe || !resolve || !servedWhole(getNamedType(field.type), mergedTypes)) continue;
    found.set(view.gatewayFieldName(field.name), {
      field,
      subscribeFromRequest: async (context, info) =>
        subscribe(undefined, getArgumentValues(field, info.fieldNodes[0]!, localVariables(loaded.schema, info, context)), context, info),
      resolve: async (payload, context, info) => resolve(payload, {}, context, info),
    });
  }
  return found;
}

/** A service that does not keep to its own document: the places are for operators, not for clients. */
function logWrongShapes(view: SourceView, serializer: Serializer, field: GraphQLField<unknown, unknown>, result: unknown, context: unknown): void {
  const requestId = requestIdFromContext(context);
  view.entry.logger.warn(
    { ...(requestId !== undefined && { requestId }), field: field.name, pointers: serializer.locateWrongShapes(field.type, result, context) },
    'source answered values that do not match its schema',
  );
}

/** True when every type reachable from `type` can be answered from plain objects: no merged entities, no field arguments. */
function servedWhole(type: GraphQLNamedType, mergedTypes: ReadonlySet<string>, seen = new Set<string>()): boolean {
  if (seen.has(type.name)) return true;
  seen.add(type.name);
  if (mergedTypes.has(type.name)) return false;
  if (isUnionType(type)) return type.getTypes().every((member) => servedWhole(member, mergedTypes, seen));
  if (isObjectType(type) || isInterfaceType(type)) {
    return Object.values(type.getFields()).every((field) => field.args.length === 0 && servedWhole(getNamedType(field.type), mergedTypes, seen));
  }
  return true;
}

function coerceArguments(field: GraphQLField<unknown, unknown>, json: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (json[arg.name] !== undefined) args[arg.name] = coerceInputValue(json[arg.name], arg.type);
    else if (arg.defaultValue !== undefined) args[arg.name] = arg.defaultValue;
  }
  return args;
}

// The gateway coerced the variables with its own types; the source's resolvers expect its own
// internal values (an enum's wire value, say). Converted once per request and source schema, kept
// on the request's state (a context without one, outside a gateway request, converts each time).
function localVariables(schema: GraphQLSchema, info: GraphQLResolveInfo, context: unknown): Record<string, unknown> {
  const gatewayValues = info.variableValues;
  const state = requestStateOf(context);
  const kept = state?.localVariables?.get(schema);
  if (kept && kept.from === gatewayValues) return kept.values;
  const local: Record<string, unknown> = {};
  for (const definition of info.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!(name in gatewayValues)) continue;
    const value = gatewayValues[name];
    const gatewayType = typeFromAST(info.schema, definition.type as never) as GraphQLInputType | undefined;
    const localType = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    local[name] =
      gatewayType && localType && needsConversion(getNamedType(localType)) ? coerceInputValue(serializeInputValue(gatewayType, value), localType) : value;
  }
  if (state) (state.localVariables ??= new Map()).set(schema, { from: gatewayValues, values: local });
  return local;
}

// Scalars parse the same way on both sides (the gateway holds the sources' shared scalars, and
// built-in ones); enums and input objects holding them may not.
function needsConversion(type: GraphQLNamedType): boolean {
  return !isScalarType(type);
}
