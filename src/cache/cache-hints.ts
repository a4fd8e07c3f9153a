import {
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLUnionType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLFieldConfig,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, getDirectiveExtensions, mapSchema } from '@graphql-tools/utils';
import type { CacheConfig, CacheHint } from './config.js';
import type { Problem } from '../config/problems.js';

/** The arguments of `@cacheControl` as stored on the schema. */
export interface CacheControlArgs {
  /** Seconds. */
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

/** The `@cacheControl` of a type or field, merged into one. */
export function cacheControlOf(node: Parameters<typeof getDirectiveExtensions>[0], schema: GraphQLSchema): CacheControlArgs | undefined {
  const uses = getDirectiveExtensions<{ cacheControl: CacheControlArgs }>(node, schema)['cacheControl'];
  return uses && uses.length > 0 ? Object.assign({}, ...uses) : undefined;
}

/**
 * Writes `cache.types` and `cache.fields` of gateway.yaml onto the schema as `@cacheControl`
 * annotations, over what schemas/*.graphql says for the same type or field, so that the response
 * cache reads one source of truth. A type or field the schema does not have is a problem.
 */
export function applyCacheHints(schema: GraphQLSchema, config: Pick<CacheConfig, 'types' | 'fields'>): { schema: GraphQLSchema; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (key: string, message: string) => problems.push({ file: 'gateway.yaml', message: `"${key}": ${message}` });
  for (const name of Object.keys(config.types)) {
    const type = schema.getType(name);
    if (!isObjectType(type) && !isInterfaceType(type) && !isUnionType(type))
      problem(`cache.types.${name}`, `the gateway schema has no object, interface or union type "${name}"`);
  }
  for (const coordinate of Object.keys(config.fields)) {
    const [typeName = '', fieldName = ''] = coordinate.split('.');
    const type = schema.getType(typeName);
    if (!(isObjectType(type) || isInterfaceType(type)) || !type.getFields()[fieldName])
      problem(`cache.fields.${coordinate}`, `the gateway schema has no field ${coordinate}`);
  }
  if (problems.length > 0 || (Object.keys(config.types).length === 0 && Object.keys(config.fields).length === 0)) return { schema, problems };

  const typeHint = (name: string) => (Object.hasOwn(config.types, name) ? config.types[name] : undefined);
  const mapped = mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const hint = typeHint(type.name);
      return hint ? new GraphQLObjectType({ ...type.toConfig(), extensions: annotated(type.toConfig().extensions, hint) }) : type;
    },
    [MapperKind.INTERFACE_TYPE]: (type) => {
      const hint = typeHint(type.name);
      return hint ? new GraphQLInterfaceType({ ...type.toConfig(), extensions: annotated(type.toConfig().extensions, hint) }) : type;
    },
    [MapperKind.UNION_TYPE]: (type) => {
      const hint = typeHint(type.name);
      return hint ? new GraphQLUnionType({ ...type.toConfig(), extensions: annotated(type.toConfig().extensions, hint) }) : type;
    },
    [MapperKind.COMPOSITE_FIELD]: (field: GraphQLFieldConfig<unknown, unknown>, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const hint = Object.hasOwn(config.fields, coordinate) ? config.fields[coordinate] : undefined;
      return hint ? { ...field, extensions: annotated(field.extensions, hint) } : field;
    },
  });
  return { schema: mapped, problems };
}

function annotated(extensions: Readonly<Record<string, unknown>> | null | undefined, hint: CacheHint) {
  const directives = { ...((extensions?.['directives'] as Record<string, unknown[]> | undefined) ?? {}) };
  const current = Object.assign({}, ...((directives['cacheControl'] as CacheControlArgs[] | undefined) ?? [])) as CacheControlArgs;
  // maxAge keeps the millisecond precision of the config (a fraction of a second); the cache multiplies it back.
  directives['cacheControl'] = [
    {
      ...current,
      ...(hint.ttl !== undefined && { maxAge: hint.ttl / 1000 }),
      ...(hint.scope !== undefined && { scope: hint.scope }),
    },
  ];
  return { ...extensions, directives };
}

/** Fields whose TTL is set (by `@cacheControl(maxAge)` or gateway.yaml), as `Type.field`. */
export function explicitTtlFields(schema: GraphQLSchema): Set<string> {
  const fields = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (cacheControlOf(field, schema)?.maxAge !== undefined) fields.add(`${type.name}.${field.name}`);
    }
  }
  return fields;
}
