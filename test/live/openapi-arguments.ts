import { isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLArgument, type GraphQLField, type GraphQLInputType } from 'graphql';
import { JSONSchemaFaker, type Schema } from 'json-schema-faker';
import seedrandom from 'seedrandom';
import { fieldName, typeName } from '../../src/sources/openapi/names.js';
import type { MockOperation } from './openapi-mock.js';

/** The arguments of one call: GraphQL variables with their definitions, and what could not be made. */
export interface CallArguments {
  /** `$limit: Int, $id: String!` (empty when there are none). */
  definitions: string;
  /** `limit: $limit, id: $id`. */
  uses: string;
  variables: Record<string, unknown>;
  problems: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie' | 'body';
  schema: Schema;
}

/** Headers the gateway never sends as arguments (content negotiation and security set them). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * Values for every argument of a root field that stands for a parameter of the operation,
 * generated from the parameter's schema (enums, formats and patterns respected) with a seed made of
 * `seed` and the parameter, so that a failing call reproduces.
 */
export function callArguments(field: GraphQLField<unknown, unknown>, operation: MockOperation, seed: string): CallArguments {
  const parameters = parametersOf(operation);
  const variables: Record<string, unknown> = {};
  const problems: string[] = [];
  const used: GraphQLArgument[] = [];
  for (const argument of field.args) {
    // A path placeholder the document does not declare is a required String argument.
    const parameter = parameterFor(argument.name, parameters) ?? (String(argument.type) === 'String!' ? placeholder(argument.name, operation.path) : undefined);
    if (!parameter) {
      if (isNonNullType(argument.type) && argument.defaultValue === undefined)
        problems.push(`argument ${argument.name}: no parameter of the document to generate it from`);
      continue;
    }
    try {
      const value = generate(parameter.schema, `${seed}:${parameter.in}:${parameter.name}`);
      if (value === null && isNonNullType(argument.type)) throw new Error('the schema gave null');
      variables[argument.name] = toVariable(value, argument.type);
      used.push(argument);
    } catch (error) {
      problems.push(`argument ${argument.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    definitions: used.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', '),
    uses: used.map((argument) => `${argument.name}: $${argument.name}`).join(', '),
    variables,
    problems,
  };
}

function parametersOf(operation: MockOperation): Parameter[] {
  const request = operation.request ?? {};
  const groups = [
    ['path', request.path],
    ['query', request.query],
    ['header', request.headers],
    ['cookie', request.cookie],
  ] as const;
  const parameters: Parameter[] = groups.flatMap(([location, list]) =>
    (list ?? [])
      .filter((parameter) => !(location === 'header' && IGNORED_HEADERS.has(parameter.name.toLowerCase())))
      .map((parameter) => ({ name: parameter.name, in: location, schema: (parameter.schema ?? { type: 'string' }) as Schema })),
  );
  // A body (some GET operations have one) is the argument `input`, numbered when a parameter took the name.
  const body = request.body?.contents?.find((content) => content.schema)?.schema;
  return body ? [...parameters, { name: 'input', in: 'body', schema: body as Schema }] : parameters;
}

/**
 * The parameter an argument stands for, by the documented naming: the parameter's name made a
 * GraphQL name, with its location appended when another parameter took that name first; the body
 * is `input`.
 */
function parameterFor(argument: string, parameters: Parameter[]): Parameter | undefined {
  const named = (parameter: Parameter) => (parameter.in === 'body' ? /^input\d*$/.test(argument) : fieldName(parameter.name) === argument);
  return parameters.find((parameter) => parameter.in !== 'body' && fieldName(parameter.name) + typeName(parameter.in) === argument) ?? parameters.find(named);
}

function placeholder(argument: string, path: string): Parameter | undefined {
  const name = [...path.matchAll(/\{([^}]+)\}/g)]
    .map((match) => match[1]!)
    .find((candidate) => fieldName(candidate) === argument || fieldName(candidate) + 'Path' === argument);
  return name === undefined ? undefined : { name, in: 'path', schema: { type: 'string', pattern: '^[a-z]{3,8}$' } };
}

function generate(schema: Schema, seed: string): unknown {
  JSONSchemaFaker.option({
    random: seedrandom(seed),
    alwaysFakeOptionals: true,
    fillProperties: false,
    failOnInvalidFormat: false,
    failOnInvalidTypes: false,
    maxItems: 3,
  });
  return JSONSchemaFaker.generate(bounded(schema));
}

/**
 * Numbers without bounds are drawn from 1 to 1000: an unbounded draw for a GraphQL `Int` would leave
 * 32 bits, and services read such parameters as counts and pages anyway.
 */
function bounded(schema: Schema): Schema {
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = { ...schema };
  if (copy['type'] === 'integer' || copy['type'] === 'number') {
    if (typeof copy['minimum'] !== 'number' && typeof copy['maximum'] !== 'number') Object.assign(copy, { minimum: 1, maximum: 1000 });
    else if (typeof copy['minimum'] !== 'number') copy['minimum'] = (copy['maximum'] as number) - 1000;
    else if (typeof copy['maximum'] !== 'number') copy['maximum'] = (copy['minimum'] as number) + 1000;
  }
  const items = copy['items'];
  if (items && typeof items === 'object' && !Array.isArray(items)) copy['items'] = bounded(items as Schema);
  const properties = copy['properties'];
  if (properties && typeof properties === 'object') {
    copy['properties'] = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, bounded(value as Schema)]));
  }
  return copy as Schema;
}

/** A value in the document's terms as a GraphQL variable: enum names, input fields by their GraphQL names, 64-bit integers as text. */
export function toVariable(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return toVariable(value, type.ofType);
  if (isListType(type)) return (Array.isArray(value) ? value : [value]).map((item) => toVariable(item, type.ofType));
  if (isEnumType(type)) {
    // String() too: a document may list `"true"` as a value of a boolean parameter.
    const match =
      type.getValues().find((candidate) => candidate.value === value) ?? type.getValues().find((candidate) => String(candidate.value) === String(value));
    if (!match) throw new Error(`${JSON.stringify(value)} is no value of enum ${type.name}`);
    return match.name;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const [name, inputField] of Object.entries(type.getFields())) {
      const wire = typeof inputField.extensions['wireName'] === 'string' ? inputField.extensions['wireName'] : name;
      if (wire in record) result[name] = toVariable(record[wire], inputField.type);
    }
    return result;
  }
  if ((type.name === 'Int64' || type.name === 'UInt64') && typeof value === 'number') return String(value);
  return value;
}
