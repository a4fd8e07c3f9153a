import { GraphQLNonNull, astFromValue, type GraphQLArgumentConfig, type GraphQLInputType } from 'graphql';
import { isRecord, type ParameterObject, type PathItemObject, type OperationObject, type SchemaObject } from './document.js';
import { UniqueNames, fieldName, typeName } from './names.js';
import type { MappingContext } from './schema-mapping/context.js';
import { inputType } from './schema-mapping/input-types.js';
import { SkipOperation } from './skip.js';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** How one argument is sent. */
export interface ParameterPlan {
  /** The parameter's name on the wire. */
  name: string;
  in: ParameterLocation;
  argument: string;
  type: GraphQLInputType;
  style: string;
  explode: boolean;
  allowReserved: boolean;
  /** Described by `content` rather than `schema`: the value is sent as JSON text. */
  json: boolean;
}

const LOCATIONS = new Set<string>(['path', 'query', 'header', 'cookie']);

/** Header parameters the specification says to ignore: content negotiation and security set these. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Arguments for the path-level and operation-level parameters (the operation's win on the same name and location). */
export function mapParameters(
  context: MappingContext,
  pathItem: PathItemObject,
  operation: OperationObject,
  path: string,
  pointer: string,
  contextName: string,
  argumentNames: UniqueNames,
): { plans: ParameterPlan[]; args: Record<string, GraphQLArgumentConfig> } {
  const declared = new Map<string, ParameterObject>();
  for (const parameter of [...listOf(pathItem.parameters), ...listOf(operation.parameters)]) {
    if (parameter.in === 'header' && IGNORED_HEADERS.has(parameter.name!.toLowerCase())) continue;
    declared.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    if (declared.has(`path:${match[1]}`)) continue;
    context.warn(pointer, `path parameter "${match[1]}" is not declared; taken as a required string`);
    declared.set(`path:${match[1]}`, { name: match[1]!, in: 'path', required: true, schema: { type: 'string' } });
  }
  const plans: ParameterPlan[] = [];
  const args: Record<string, GraphQLArgumentConfig> = {};
  for (const parameter of declared.values()) {
    const location = String(parameter.in);
    if (!LOCATIONS.has(location)) throw new SkipOperation(`parameter "${parameter.name}" is in "${location}", which is not supported`);
    const plan = planOf(context, parameter as ParameterObject & { name: string; in: ParameterLocation }, contextName, argumentNames);
    plans.push(plan);
    args[plan.argument] = argumentConfig(parameter, plan.type);
  }
  return { plans, args };
}

function listOf(parameters: unknown): ParameterObject[] {
  return Array.isArray(parameters) ? parameters.filter((item): item is ParameterObject => isRecord(item) && typeof item['name'] === 'string') : [];
}

function planOf(
  context: MappingContext,
  parameter: ParameterObject & { name: string; in: ParameterLocation },
  contextName: string,
  names: UniqueNames,
): ParameterPlan {
  const [mediaType] = Object.values(parameter.content ?? {});
  const schema: SchemaObject = parameter.schema ?? mediaType?.schema ?? { type: 'string' };
  const required = parameter.in === 'path' || parameter.required === true;
  const type = inputType(context, schema, contextName + typeName(parameter.name), required);
  const style = parameter.style ?? (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple');
  return {
    name: parameter.name,
    in: parameter.in,
    argument: claimArgument(names, fieldName(parameter.name), parameter.in),
    // A path cannot be built without its parameters, whatever the schema says about null.
    type: parameter.in === 'path' && !(type instanceof GraphQLNonNull) ? new GraphQLNonNull(type) : type,
    style,
    explode: parameter.explode ?? style === 'form',
    allowReserved: parameter.allowReserved === true,
    json: parameter.schema === undefined && mediaType !== undefined,
  };
}

/** `id` is taken by a path parameter: the query parameter `id` becomes `idQuery`. */
function claimArgument(names: UniqueNames, name: string, location: string): string {
  return names.claim(names.has(name) ? name + typeName(location) : name);
}

function argumentConfig(parameter: ParameterObject, type: GraphQLInputType): GraphQLArgumentConfig {
  const defaultValue = parameter.schema?.default;
  return {
    type,
    ...(typeof parameter.description === 'string' && { description: parameter.description }),
    ...(defaultValue !== undefined && representable(defaultValue, type) && { defaultValue }),
    ...(parameter.deprecated === true && !(type instanceof GraphQLNonNull) && { deprecationReason: 'Deprecated in the OpenAPI document.' }),
  };
}

/** A default that does not fit the argument's type would break printing the schema; such a default is left out. */
function representable(value: unknown, type: GraphQLInputType): boolean {
  try {
    return astFromValue(value, type) !== null;
  } catch {
    return false;
  }
}
