import { GraphQLBoolean, GraphQLFloat, GraphQLInt, GraphQLString, type GraphQLScalarType } from 'graphql';
import { isRecord, type SchemaObject } from '../document.js';
import { DateTimeScalar, Int64Scalar, SafeIntScalar, UInt32Scalar, UInt64Scalar } from '../../../scalars/index.js';

/** What a schema becomes in GraphQL, before names are given. */
export type Shape =
  | { kind: 'scalar'; scalar: GraphQLScalarType }
  | { kind: 'enum'; values: string[] }
  | { kind: 'object'; properties: Record<string, SchemaObject> }
  | { kind: 'list'; items: SchemaObject | undefined }
  | { kind: 'union'; variants: SchemaObject[] }
  | { kind: 'json' };

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
const UINT32_MAX = 2 ** 32 - 1;
const INT64_MAX = 2 ** 63 - 1;

/** The variants of a `oneOf`/`anyOf`, without the ones that only say "or null". */
export function variantsOf(schema: SchemaObject): SchemaObject[] | undefined {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter((item) => isRecord(item) && !isNullOnly(item)) : undefined;
}

/** `{type: 'null'}`, `{enum: [null]}`, `{const: null}`, `{nullable: true}` alone. */
export function isNullOnly(schema: SchemaObject): boolean {
  if (schema.type === 'null') return true;
  if (Array.isArray(schema.type) && schema.type.length > 0 && schema.type.every((type) => type === 'null')) return true;
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((value) => value === null)) return true;
  if ('const' in schema && schema.const === null) return true;
  const keys = Object.keys(schema).filter((key) => key !== 'description' && key !== 'title');
  return keys.length === 1 && keys[0] === 'nullable' && schema.nullable === true;
}

/** Whether the schema itself admits null (3.0 `nullable`, 3.1 type lists, a null variant, a null enum value). */
export function admitsNull(schema: SchemaObject): boolean {
  if (schema.nullable === true || schema['x-nullable'] === true) return true;
  if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
  if (schema.type === 'null') return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) && list.some((item) => isRecord(item) && isNullOnly(item));
}

/** A schema that constrains nothing: any JSON value, null included. */
export function isUnconstrained(schema: SchemaObject): boolean {
  return (
    schema.type === undefined &&
    schema.properties === undefined &&
    schema.items === undefined &&
    schema.enum === undefined &&
    !('const' in schema) &&
    schema.allOf === undefined &&
    schema.oneOf === undefined &&
    schema.anyOf === undefined
  );
}

function declaredTypes(schema: SchemaObject): string[] {
  const types = Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
  return types.filter((type) => type !== 'null');
}

/** Classifies a schema whose `allOf` has already been merged. */
export function shapeOf(schema: SchemaObject): Shape {
  const variants = variantsOf(schema);
  if (variants && variants.length > 0 && !isRecord(schema.properties)) {
    const constants = variants.map(constantOf);
    if (constants.every((value): value is string => typeof value === 'string')) return { kind: 'enum', values: constants };
    return { kind: 'union', variants };
  }
  if (Array.isArray(schema.enum)) return enumShape(schema);
  if (typeof schema.const === 'string') return { kind: 'enum', values: [schema.const] };
  const types = declaredTypes(schema);
  if (types.length > 1) {
    return types.every((type) => type === 'integer' || type === 'number') ? { kind: 'scalar', scalar: GraphQLFloat } : { kind: 'json' };
  }
  const type = types[0] ?? inferType(schema);
  switch (type) {
    case 'object':
      return isRecord(schema.properties) && Object.keys(schema.properties).length > 0 ? { kind: 'object', properties: schema.properties } : { kind: 'json' };
    case 'array':
      return { kind: 'list', items: isRecord(schema.items) ? (schema.items as SchemaObject) : undefined };
    case undefined:
      return { kind: 'json' };
    default: {
      const scalar = scalarOf(type, schema);
      return scalar ? { kind: 'scalar', scalar } : { kind: 'json' };
    }
  }
}

function inferType(schema: SchemaObject): string | undefined {
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  if (schema.additionalProperties !== undefined) return 'object';
  return undefined;
}

function constantOf(schema: SchemaObject): unknown {
  if ('const' in schema) return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
}

function enumShape(schema: SchemaObject): Shape {
  const values = (schema.enum ?? []).filter((value) => value !== null);
  if (values.length > 0 && values.every((value): value is string => typeof value === 'string')) return { kind: 'enum', values };
  // Numeric and boolean enums keep their scalar: GraphQL enum values would need invented names.
  const type =
    declaredTypes(schema)[0] ??
    (values.every((value) => typeof value === 'number') ? 'number' : values.every((value) => typeof value === 'boolean') ? 'boolean' : undefined);
  const scalar = type ? scalarOf(type, schema) : undefined;
  return scalar ? { kind: 'scalar', scalar } : { kind: 'json' };
}

function scalarOf(type: string, schema: SchemaObject): GraphQLScalarType | undefined {
  switch (type) {
    case 'string':
    case 'file':
      return schema.format === 'date-time' ? DateTimeScalar : GraphQLString;
    case 'integer':
      return integerScalar(schema);
    case 'number':
      return GraphQLFloat;
    case 'boolean':
      return GraphQLBoolean;
    default:
      return undefined;
  }
}

/**
 * GraphQL's Int stops at 2^31 - 1, and an integer without a format promises no width (GitHub's
 * `memory_in_bytes` is 8589934592): it is a SafeInt, every integer a JSON number carries exactly,
 * unless the document bounds it on both sides within Int. A wider integer, by `format` or by
 * declared range, takes the shared scalar of its width, the one gRPC sources use too.
 */
function integerScalar(schema: SchemaObject): GraphQLScalarType {
  if (schema.format === 'int32') return GraphQLInt;
  if (schema.format === 'int64') return Int64Scalar;
  if (schema.format === 'uint64') return UInt64Scalar;
  if (schema.format === 'uint32') return UInt32Scalar;
  const { min, max } = declaredRange(schema);
  if ((max === undefined || max <= INT32_MAX) && (min === undefined || min >= INT32_MIN)) {
    return min !== undefined && max !== undefined ? GraphQLInt : SafeIntScalar;
  }
  if (min !== undefined && min >= 0 && max !== undefined) return max <= UINT32_MAX ? UInt32Scalar : max > INT64_MAX ? UInt64Scalar : Int64Scalar;
  return Int64Scalar;
}

/** `minimum` and `maximum`, or the least and greatest of an integer `enum`. */
function declaredRange(schema: SchemaObject): { min: number | undefined; max: number | undefined } {
  const { maximum, minimum } = schema as { maximum?: unknown; minimum?: unknown };
  const values = Array.isArray(schema.enum) ? schema.enum.filter((value): value is number => typeof value === 'number') : [];
  const bound = (declared: unknown, pick: (...numbers: number[]) => number) =>
    typeof declared === 'number' ? declared : values.length > 0 ? pick(...values) : undefined;
  return { min: bound(minimum, Math.min), max: bound(maximum, Math.max) };
}
