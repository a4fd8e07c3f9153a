import { GraphQLInputObjectType, GraphQLList, GraphQLNonNull, isInputObjectType, type GraphQLInputFieldConfigMap, type GraphQLInputType } from 'graphql';
import { isRecord, type SchemaObject } from '../document.js';
import { UniqueNames, fieldName, typeName } from '../names.js';
import type { Resolved } from './composition.js';
import type { MappingContext } from './context.js';
import { enumType } from './enums.js';
import { JSONScalar } from '../../../scalars/index.js';
import { isUnconstrained, shapeOf } from './shape.js';
import { fileInputType, isFileProperty } from './files.js';

/** Extensions on a generated input field: the property name the service expects. */
export interface WireFieldExtensions {
  [key: string]: unknown;
  wireName: string;
}

/**
 * The input type for a value described by `schema`, non-null when `required` and the schema does
 * not admit null. Objects become input objects named after their output twin plus `Input`;
 * a `oneOf`/`anyOf` (which GraphQL inputs cannot express) becomes JSON.
 */
export function inputType(context: MappingContext, schema: SchemaObject, contextName: string, required: boolean, listItem = false): GraphQLInputType {
  const resolved = context.resolver.resolve(schema);
  const type = namedOrList(context, resolved, contextName);
  const nullable = resolved.nullable || isUnconstrained(resolved.schema);
  if (!required || nullable) return type;
  // A chain of required input objects leading back to itself could never be written down;
  // GraphQL rejects such a schema, so the link that closes the loop is made optional. (A list
  // on the way already allows an end: `[]`.)
  if (!listItem && isInputObjectType(type) && context.inputsInProgress.has(type)) return type;
  return new GraphQLNonNull(type);
}

function namedOrList(context: MappingContext, resolved: Resolved, contextName: string): GraphQLInputType {
  const cached = context.inputTypes.get(resolved.source);
  if (cached) return cached;
  const shape = shapeOf(resolved.schema);
  switch (shape.kind) {
    case 'scalar':
      return shape.scalar;
    case 'enum':
      return enumType(context, resolved.source, shape.values, contextName);
    case 'list':
      return new GraphQLList(shape.items ? inputType(context, shape.items, `${contextName}Item`, true, true) : JSONScalar);
    case 'object':
      return inputObjectType(context, resolved, shape.properties, contextName);
    case 'union':
    case 'json':
      return JSONScalar;
  }
}

function inputObjectType(
  context: MappingContext,
  { source, schema }: Resolved,
  properties: Record<string, SchemaObject>,
  contextName: string,
): GraphQLInputType {
  const entries = Object.entries(properties).filter((entry): entry is [string, SchemaObject] => isRecord(entry[1]) && entry[1].readOnly !== true);
  if (entries.length === 0) return JSONScalar;
  const name = context.inputName(source, contextName);
  const fields: GraphQLInputFieldConfigMap = {};
  const type = new GraphQLInputObjectType({
    name,
    ...(typeof schema.description === 'string' && { description: schema.description }),
    fields: () => fields,
  });
  context.inputTypes.set(source, type);
  context.inputsInProgress.add(type);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const names = new UniqueNames();
  const files = context.multipartBodies.has(source);
  for (const [wire, property] of entries) {
    const field = names.claim(fieldName(wire));
    const fieldType =
      files && isFileProperty(property)
        ? fileInputType(property, required.has(wire))
        : inputType(context, property, name.replace(/Input\d*$/, '') + typeName(wire), required.has(wire));
    const extensions: WireFieldExtensions = { wireName: wire };
    fields[field] = {
      type: fieldType,
      extensions,
      ...(typeof property.description === 'string' && { description: property.description }),
      ...(property.deprecated === true && !(fieldType instanceof GraphQLNonNull) && { deprecationReason: 'Deprecated in the OpenAPI document.' }),
    };
  }
  context.inputsInProgress.delete(type);
  return type;
}
