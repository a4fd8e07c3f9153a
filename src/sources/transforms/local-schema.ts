import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLUnionType,
  defaultTypeResolver,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { TransformPlan } from './plan.js';
import { withSourceArguments } from './source-arguments.js';

/**
 * The schema of a source whose resolvers call the service themselves (REST, gRPC), in the new
 * names. Its resolvers still read what the service answered: a renamed field without a resolver
 * reads the service's property, abstract types map the names the source reports, and enum
 * values keep their internal (wire) values, so serializing answers under the new names costs
 * nothing more than serializing them.
 */
export function renameLocalSchema(schema: GraphQLSchema, plan: TransformPlan): GraphQLSchema {
  const newTypeName = (name: string) => plan.typeNames.get(name) ?? name;
  const removedRoots = new Set(
    [schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type && plan.removedTypes.has(type.name) ? [type.name] : [])),
  );
  const filtered = mapSchema(schema, {
    [MapperKind.TYPE]: (type) => (plan.removedTypes.has(type.name) && !removedRoots.has(type.name) ? null : undefined),
    [MapperKind.MUTATION]: (type) => (removedRoots.has(type.name) ? null : undefined),
    [MapperKind.SUBSCRIPTION]: (type) => (removedRoots.has(type.name) ? null : undefined),
    [MapperKind.COMPOSITE_FIELD]: (config, field, typeName) => {
      if (plan.removedFields.get(typeName)?.has(field)) return null;
      const renamed = plan.fieldNames.get(typeName)?.get(field);
      if (renamed === undefined) return undefined;
      return [renamed, config.resolve ? config : { ...config, resolve: (parent: Record<string, unknown>) => parent[field] }];
    },
    [MapperKind.INPUT_OBJECT_FIELD]: (config, field, typeName) => {
      const renamed = plan.fieldNames.get(typeName)?.get(field);
      return renamed === undefined ? undefined : [renamed, config];
    },
    [MapperKind.ENUM_VALUE]: (config, typeName, _schema, value) => {
      const renamed = plan.enumValues.get(typeName)?.get(value);
      return renamed === undefined ? undefined : [renamed, config];
    },
    // The most specific mapper wins in mapSchema, so this one removes abstract types too.
    [MapperKind.ABSTRACT_TYPE]: (type) =>
      plan.removedTypes.has(type.name) ? null : plan.typeNames.size === 0 ? undefined : withRenamedResolveType(type, newTypeName),
  });
  const renamed =
    plan.typeNames.size === 0
      ? filtered
      : mapSchema(filtered, {
          [MapperKind.TYPE]: (type) => (plan.typeNames.has(type.name) ? renamedType(type, newTypeName(type.name)) : undefined),
        });
  return withSourceArguments(renamed, plan);
}

function withRenamedResolveType(type: GraphQLInterfaceType | GraphQLUnionType, newTypeName: (name: string) => string): GraphQLInterfaceType | GraphQLUnionType {
  const original = type.resolveType;
  const rename = (resolved: unknown) =>
    typeof resolved === 'string' ? newTypeName(resolved) : resolved instanceof GraphQLObjectType ? newTypeName(resolved.name) : resolved;
  const resolveType: GraphQLTypeResolver<unknown, unknown> = (value, context, info, abstract) => {
    const typename = (value as { __typename?: unknown } | null)?.__typename;
    const resolved = original
      ? original(value, context, info, abstract)
      : typeof typename === 'string'
        ? typename
        : defaultTypeResolver(value, context, info, abstract);
    return (resolved instanceof Promise ? resolved.then(rename) : rename(resolved)) as ReturnType<GraphQLTypeResolver<unknown, unknown>>;
  };
  return isInterfaceType(type) ? new GraphQLInterfaceType({ ...type.toConfig(), resolveType }) : new GraphQLUnionType({ ...type.toConfig(), resolveType });
}

function renamedType(type: GraphQLNamedType, name: string): GraphQLNamedType {
  if (isObjectType(type)) return new GraphQLObjectType({ ...type.toConfig(), name });
  if (isInterfaceType(type)) return new GraphQLInterfaceType({ ...type.toConfig(), name });
  if (isUnionType(type)) return new GraphQLUnionType({ ...type.toConfig(), name });
  if (isInputObjectType(type)) return new GraphQLInputObjectType({ ...type.toConfig(), name });
  if (isEnumType(type)) return new GraphQLEnumType({ ...type.toConfig(), name });
  if (isScalarType(type)) return new GraphQLScalarType({ ...type.toConfig(), name });
  return type;
}
