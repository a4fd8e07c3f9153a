import type { GraphQLArgumentConfig, GraphQLOutputType } from 'graphql';
import type { SourceOperation } from '../types.js';
import { batchOf } from './batch.js';
import { isRecord, type OpenApiDocument, type OperationObject, type PathItemObject } from './document.js';
import { UniqueNames, camelName, jsonPointer, typeName } from './names.js';
import { mapParameters, type ParameterPlan } from './parameters.js';
import { mapRequestBody, type BodyPlan } from './request-body.js';
import { mapResponse, type ResponsePlan } from './responses.js';
import type { MappingContext } from './schema-mapping/context.js';
import { securityPlan, type SchemeRule, type SecurityPlan } from './security.js';
import { SkipOperation } from './skip.js';

/** Everything needed to offer one operation as a root field and to call it. */
export interface OperationPlan {
  /** Where the operation is in the document, e.g. `#/paths/~1users~1{id}/get`. */
  pointer: string;
  method: 'GET' | 'HEAD' | 'OPTIONS' | 'TRACE' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template sent, e.g. `/users/{id}`: the document's path key without its `#fragment`. */
  path: string;
  /** The operationId, or the name made from method and path when there is none. */
  name: string;
  field: string;
  rootType: 'Query' | 'Mutation';
  type: GraphQLOutputType;
  args: Record<string, GraphQLArgumentConfig>;
  description?: string;
  deprecationReason?: string;
  parameters: ParameterPlan[];
  body: BodyPlan | undefined;
  response: ResponsePlan;
  security: SecurityPlan | undefined;
  batch: SourceOperation['batch'] | undefined;
  /** From `operations.<name>.idempotent`; undefined leaves it to the method (GET and HEAD are). */
  idempotent: boolean | undefined;
}

/** Per-operation settings from `source.yaml`, keyed by operationId (or the generated name). */
export interface OperationOverride {
  /** Offer the operation under Query or Mutation regardless of its method. */
  rootType?: 'Query' | 'Mutation' | undefined;
  /** The root field's name. */
  field?: string | undefined;
  /** Leave the operation out. */
  skip?: boolean | undefined;
  /** May be retried after a failure of the service. */
  idempotent?: boolean | undefined;
}

const METHODS = ['get', 'head', 'options', 'trace', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];
/** Safe methods (RFC 9110) read and change nothing: they are queries. */
const QUERY_METHODS = new Set<string>(['get', 'head', 'options', 'trace']);

export interface MapOperationsOptions {
  overrides: Readonly<Record<string, OperationOverride>>;
  securityRules: Map<string, SchemeRule>;
  /** Told about overrides that name no operation. */
  warnConfig: (message: string) => void;
}

/**
 * Maps every operation of the document, in document order. One that cannot be mapped is left out
 * with a warning that points at it; the others are unaffected.
 */
export function mapOperations(context: MappingContext, document: OpenApiDocument, options: MapOperationsOptions): OperationPlan[] {
  const plans: OperationPlan[] = [];
  const fields = new UniqueNames();
  const overridden = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = key.toLowerCase();
      if (!METHODS.includes(method as Method) || !isRecord(operation)) continue;
      const pointer = jsonPointer(['paths', path, key]);
      const op = operation as OperationObject;
      const name = typeof op.operationId === 'string' && op.operationId.trim() !== '' ? op.operationId : generatedName(method, path);
      const override = options.overrides[name];
      if (override) overridden.add(name);
      if (override?.skip) continue;
      try {
        const plan = mapOperation(context, document, options, { path, item, method: method as Method, operation: op, name, pointer, override });
        plan.field = fields.claim(plan.field);
        plans.push(plan);
      } catch (error) {
        const reason = error instanceof SkipOperation ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        context.warn(pointer, `skipped: ${reason}`);
      }
    }
  }
  for (const name of Object.keys(options.overrides)) {
    if (!overridden.has(name)) options.warnConfig(`operations.${name}: the document has no operation with this operationId`);
  }
  return plans;
}

interface OperationSite {
  path: string;
  item: PathItemObject;
  method: Method;
  operation: OperationObject;
  name: string;
  pointer: string;
  override: OperationOverride | undefined;
}

function mapOperation(context: MappingContext, document: OpenApiDocument, options: MapOperationsOptions, site: OperationSite): OperationPlan {
  const { operation, method, pointer } = site;
  const path = requestPath(site.path);
  const field = site.override?.field ?? camelName(site.name);
  const contextName = typeName(field);
  const argumentNames = new UniqueNames();
  const { plans: parameters, args } = mapParameters(context, site.item, operation, path, pointer, contextName, argumentNames);
  const body = mapRequestBody(context, operation.requestBody, contextName, argumentNames);
  if (body) args[body.plan.argument] = body.arg;
  const response = mapResponse(context, operation, method, contextName, pointer);
  const description = [operation.summary, operation.description].filter((text) => typeof text === 'string' && text.trim() !== '').join('\n\n');
  return {
    pointer,
    method: method.toUpperCase() as OperationPlan['method'],
    path,
    name: site.name,
    field,
    rootType: site.override?.rootType ?? (QUERY_METHODS.has(method) ? 'Query' : 'Mutation'),
    type: response.type,
    args,
    ...(description !== '' && { description }),
    ...(operation.deprecated === true && { deprecationReason: 'Deprecated in the OpenAPI document.' }),
    parameters,
    body: body?.plan,
    response: response.plan,
    security: securityPlan(operation.security ?? document.security, options.securityRules),
    batch: batchOf(operation, parameters, response.type, (message) => context.warn(pointer, message)),
    idempotent: site.override?.idempotent,
  };
}

/**
 * Some documents tell two operations on one path apart with a fragment (`/shared_items#folders`,
 * Box's API). The fragment names the operation; a URL's fragment is never part of a request.
 */
function requestPath(key: string): string {
  const hash = key.indexOf('#');
  return hash === -1 ? key : key.slice(0, hash);
}

/** `GET /users/{id}/posts` → `getUsersByIdPosts`; a path key's fragment is part of the name. */
export function generatedName(method: string, path: string): string {
  return camelName(`${method} ${path.replace(/\{([^}]*)\}/g, ' by $1 ')}`);
}
