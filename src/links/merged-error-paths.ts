import { GraphQLError, responsePathAsArray, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema, relocatedError } from '@graphql-tools/utils';

/** A field's error, placed at the path graphql-js is resolving it at. */
function placed(error: unknown, info: GraphQLResolveInfo): unknown {
  return error instanceof GraphQLError ? relocatedError(error, responsePathAsArray(info.path)) : error;
}

/**
 * When merging an entity fails for the items of a list, stitching stores each item's error with
 * the list's path (`people.title` instead of `people.0.title`), and graphql-js keeps a path an
 * error already has. The fields of merged types rethrow such errors at the path they are resolved
 * at, so every item's error names its item, as the standard executor would for any other field.
 */
export function locateMergedFieldErrors(schema: GraphQLSchema, mergedTypes: ReadonlySet<string>): GraphQLSchema {
  if (mergedTypes.size === 0) return schema;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, _fieldName, typeName) => {
      if (!mergedTypes.has(typeName) || !config.resolve) return config;
      const resolve = config.resolve as GraphQLFieldResolver<unknown, unknown>;
      return {
        ...config,
        resolve(parent, args, context, info) {
          let value: unknown;
          try {
            value = resolve(parent, args, context, info);
          } catch (error) {
            throw placed(error, info);
          }
          if (value instanceof Promise) return value.catch((error: unknown) => Promise.reject(placed(error, info)));
          return value instanceof Error ? placed(value, info) : value;
        },
      };
    },
  });
}
