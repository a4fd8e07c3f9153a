import {
  GraphQLEnumType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLUnionType,
  execute,
  isInterfaceType,
  isSpecifiedScalarType,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { TYPENAME_KEY, type DeniedField, type DenialPlan } from './deny-fields.js';

const passThrough = (value: unknown) => value;

/**
 * Gives the result of the reduced document the shape of the original one: the original document
 * is executed again over the data already fetched, on a copy of the schema without resolvers, and
 * each denied field throws. graphql-js then does what it does for any failing field: null at every
 * concrete path (list items included), null carried up to the nearest nullable parent for a
 * non-null field, and one located error per path.
 */
export function createResultRebuilder() {
  const plainSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  return (args: ExecutionArgs, plan: DenialPlan, reduced: ExecutionResult, errorFor: (denied: DeniedField) => GraphQLError): ExecutionResult => {
    if (reduced.data === null || reduced.data === undefined) return reduced;
    let schema = plainSchemas.get(args.schema);
    if (!schema) plainSchemas.set(args.schema, (schema = withoutResolvers(args.schema)));
    const rebuilt = execute({
      schema,
      document: args.document,
      operationName: args.operationName ?? null,
      variableValues: args.variableValues ?? null,
      rootValue: reduced.data,
      contextValue: {},
      fieldResolver: (source, _args, _context, info) => {
        for (const node of info.fieldNodes) {
          const denied = plan.denied.get(node);
          if (denied) throw errorFor(denied);
        }
        return (source as Record<string | number, unknown>)[info.path.key];
      },
      typeResolver: (value) => (value as Record<string, string | undefined>)[TYPENAME_KEY],
    }) as ExecutionResult;
    const errors = [...(reduced.errors ?? []), ...(rebuilt.errors ?? [])];
    return {
      data: rebuilt.data ?? null,
      ...(errors.length > 0 && { errors }),
      ...(reduced.extensions && { extensions: reduced.extensions }),
    };
  };
}

// Values in the fetched data are already serialized: scalars and enums pass them through as they are.
function withoutResolvers(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const { isTypeOf: _isTypeOf, ...config } = type.toConfig();
      return new GraphQLObjectType(config);
    },
    [MapperKind.COMPOSITE_FIELD]: (field) => {
      const { resolve: _resolve, subscribe: _subscribe, ...config } = field;
      return config;
    },
    [MapperKind.ABSTRACT_TYPE]: (type) => {
      if (isInterfaceType(type)) {
        const { resolveType: _resolveType, ...config } = type.toConfig();
        return new GraphQLInterfaceType(config);
      }
      const { resolveType: _resolveType, ...config } = type.toConfig();
      return new GraphQLUnionType(config);
    },
    [MapperKind.SCALAR_TYPE]: (type) => {
      if (isSpecifiedScalarType(type)) return type;
      const { serialize: _s, parseValue: _v, parseLiteral: _l, ...config } = type.toConfig();
      return new GraphQLScalarType({ ...config, serialize: passThrough, parseValue: passThrough });
    },
    [MapperKind.ENUM_TYPE]: (type) => {
      const config = type.toConfig();
      const values = Object.fromEntries(Object.entries(config.values).map(([name, value]) => [name, { ...value, value: name }]));
      return new GraphQLEnumType({ ...config, values });
    },
  });
}
