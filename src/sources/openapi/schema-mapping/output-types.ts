import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLUnionType, isObjectType, type GraphQLFieldConfigMap, type GraphQLOutputType } from 'graphql';
import { isRecord, type SchemaObject } from '../document.js';
import { UniqueNames, fieldName, jsonPointer, pointerSegment, typeName } from '../names.js';
import type { Resolved } from './composition.js';
import type { MappingContext } from './context.js';
import { enumType } from './enums.js';
import { memberResolver, type UnionMember } from './resolve-type.js';
import { JSONScalar } from '../../../scalars/index.js';
import { isUnconstrained, shapeOf } from './shape.js';

/**
 * The output type for a value described by `schema`: non-null when the value is `required` and the
 * schema does not admit null. `contextName` names inline types after the place they appear in;
 * `pointer` locates the schema in warnings.
 */
export function outputType(context: MappingContext, schema: SchemaObject, contextName: string, pointer: string, required: boolean): GraphQLOutputType {
  const resolved = context.resolver.resolve(schema);
  const type = namedOrList(context, resolved, contextName, pointer);
  const nullable = resolved.nullable || isUnconstrained(resolved.schema);
  return required && !nullable ? new GraphQLNonNull(type) : type;
}

function namedOrList(context: MappingContext, resolved: Resolved, contextName: string, pointer: string): GraphQLOutputType {
  const cached = context.outputTypes.get(resolved.source);
  if (cached) return cached;
  const component = context.index.componentName(resolved.source);
  const at = component === undefined ? pointer : jsonPointer(['components', 'schemas', component]);
  const shape = shapeOf(resolved.schema);
  switch (shape.kind) {
    case 'scalar':
      return shape.scalar;
    case 'json':
      return JSONScalar;
    case 'enum':
      return enumType(context, resolved.source, shape.values, contextName);
    case 'list':
      return new GraphQLList(shape.items ? outputType(context, shape.items, `${contextName}Item`, `${at}/items`, true) : JSONScalar);
    case 'object':
      return objectType(context, resolved, shape.properties, contextName, at);
    case 'union':
      return unionType(context, resolved, shape.variants, contextName, at);
  }
}

function readableProperties(properties: Record<string, SchemaObject>): Array<[string, SchemaObject]> {
  return Object.entries(properties).filter((entry): entry is [string, SchemaObject] => isRecord(entry[1]) && entry[1].writeOnly !== true);
}

function objectType(
  context: MappingContext,
  { source, schema }: Resolved,
  properties: Record<string, SchemaObject>,
  contextName: string,
  pointer: string,
): GraphQLOutputType {
  const entries = readableProperties(properties);
  if (entries.length === 0) return JSONScalar;
  const name = context.outputName(source, contextName);
  const fields: GraphQLFieldConfigMap<Record<string, unknown>, unknown> = {};
  const type = new GraphQLObjectType<Record<string, unknown>>({
    name,
    ...(typeof schema.description === 'string' && { description: schema.description }),
    fields: () => fields,
  });
  // Cached before the fields are mapped, so that a property leading back here reuses this type.
  context.outputTypes.set(source, type);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const names = new UniqueNames();
  for (const [wire, property] of entries) {
    const field = names.claim(fieldName(wire));
    const at = `${pointer}/properties/${pointerSegment(wire)}`;
    let fieldType: GraphQLOutputType;
    try {
      fieldType = outputType(context, property, name + typeName(wire), at, required.has(wire));
    } catch (error) {
      context.warn(at, `mapped to JSON: ${error instanceof Error ? error.message : String(error)}`);
      fieldType = JSONScalar;
    }
    fields[field] = {
      type: fieldType,
      ...(typeof property.description === 'string' && { description: property.description }),
      ...(property.deprecated === true && { deprecationReason: 'Deprecated in the OpenAPI document.' }),
      extensions: { wireName: wire },
      // The service's property name is not a valid GraphQL name: read it under its own name.
      ...(field !== wire && { resolve: (parent: Record<string, unknown>) => parent[wire] }),
    };
  }
  return type;
}

/**
 * `oneOf`/`anyOf` of object schemas as a union. GraphQL unions hold object types only, so a choice
 * that includes a scalar, a list or a free-form object is a JSON value instead.
 */
function unionType(context: MappingContext, { source, schema }: Resolved, variants: SchemaObject[], contextName: string, pointer: string): GraphQLOutputType {
  const resolvedVariants = variants.map((variant) => context.resolver.resolve(variant));
  const allObjects = resolvedVariants.every((variant) => {
    const shape = shapeOf(variant.schema);
    return shape.kind === 'object' && readableProperties(shape.properties).length > 0;
  });
  if (!allObjects) return JSONScalar;
  const distinct = [...new Map(resolvedVariants.map((variant) => [variant.source, variant])).values()];
  if (distinct.length === 1) return namedOrList(context, distinct[0]!, contextName, pointer);
  const name = context.outputName(source, contextName);
  const members: UnionMember[] = [];
  const union = new GraphQLUnionType({
    name,
    ...(typeof schema.description === 'string' && { description: schema.description }),
    types: () => [...new Set(members.map((member) => member.type))],
    resolveType: memberResolver(members, isRecord(schema.discriminator) ? schema.discriminator : undefined),
  });
  context.outputTypes.set(source, union);
  const keyword = schema.oneOf ? 'oneOf' : 'anyOf';
  distinct.forEach((variant, position) => {
    const type = namedOrList(context, variant, `${name}Option${position + 1}`, `${pointer}/${keyword}/${position}`);
    if (isObjectType(type)) members.push({ type, schema: variant.schema, componentName: context.index.componentName(variant.source) });
  });
  return union;
}
