import protobuf from 'protobufjs';
import type { Problem } from '../../config/problems.js';
import type { OperationOverride } from './config.js';
import { isIdempotent } from './idempotency.js';
import type { ProtoLocator } from './locations.js';
import { fieldName, hasQueryPrefix, rootFieldName, rpcFullName } from './names.js';

/** One RPC and where it sits in the GraphQL schema. */
export interface RpcBinding {
  method: protobuf.Method;
  /** `/orders.v1.OrderService/GetOrder`: what gRPC calls. */
  path: string;
  /** The operation's name for links: the RPC name, or its full name when two services share it. */
  name: string;
  rootType: 'Query' | 'Mutation' | 'Subscription';
  field: string;
  request: protobuf.Type;
  response: protobuf.Type;
  /** May be retried after a failure of the service (see isIdempotent). */
  idempotent: boolean;
  /** From the `(plexus.batch)` option; the root field then returns the items themselves. */
  batch?: { argument: protobuf.Field; key: protobuf.Field; items: protobuf.Field };
}

export interface BindingOptions {
  queryPrefixes: readonly string[];
  operations: Readonly<Record<string, OperationOverride>>;
  locator: ProtoLocator;
  /** `sources/<name>/source.yaml`, for problems with `operations:`. */
  configFile: string;
  /** The services that are the source's API; others only came along with an import. */
  serves(service: protobuf.Service): boolean;
}

export interface Bindings {
  bindings: RpcBinding[];
  /** RPCs that GraphQL cannot express (client and bidirectional streaming), and unused overrides. */
  warnings: Problem[];
  problems: Problem[];
}

/** Every service in the root, by full name, so that the schema does not depend on file order. */
export function servicesOf(namespace: protobuf.NamespaceBase): protobuf.Service[] {
  const found: protobuf.Service[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) found.push(nested);
    else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Type)) found.push(...servicesOf(nested));
  }
  return found.sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/** Decides the root type and field of every RPC: unary by name prefix, server streaming as Subscription. */
export function bindRpcs(root: protobuf.Root, options: BindingOptions): Bindings {
  const { locator } = options;
  const warnings: Problem[] = [];
  const problems: Problem[] = [];
  const methods = servicesOf(root)
    .filter((service) => options.serves(service))
    .flatMap((service) => service.methodsArray);
  const nameCount = new Map<string, number>();
  for (const method of methods) nameCount.set(method.name, (nameCount.get(method.name) ?? 0) + 1);
  const usedOverrides = new Set<string>();
  const fields = new Map<string, protobuf.Method>();
  const bindings: RpcBinding[] = [];

  for (const method of methods) {
    const where = (message: string) => rpcProblem(method, message, locator);
    const fullName = rpcFullName(method);
    if (method.requestStream) {
      const kind = method.responseStream ? 'bidirectional-streaming' : 'client-streaming';
      warnings.push(where(`rpc ${fullName} is ${kind}, which GraphQL cannot express; it is left out of the schema`));
      continue;
    }
    const overrideKey = [fullName, method.name].find((candidate) => options.operations[candidate] !== undefined);
    const override = overrideKey === undefined ? undefined : options.operations[overrideKey];
    if (overrideKey !== undefined) usedOverrides.add(overrideKey);
    if (method.responseStream && override?.rootType) {
      problems.push({
        file: options.configFile,
        message: `operations.${overrideKey}: rpc ${fullName} streams its answer, so it can only be a Subscription field`,
      });
      continue;
    }
    const rootType = method.responseStream
      ? 'Subscription'
      : (override?.rootType ?? (hasQueryPrefix(method.name, options.queryPrefixes) ? 'Query' : 'Mutation'));
    const field = override?.field ?? rootFieldName(method.name);
    const taken = fields.get(`${rootType}.${field}`);
    if (taken) {
      problems.push(
        where(
          `rpc ${fullName} and rpc ${rpcFullName(taken)} would both be ${rootType}.${field}; give one another field name under "operations:" in source.yaml`,
        ),
      );
      continue;
    }
    fields.set(`${rootType}.${field}`, method);
    const binding: RpcBinding = {
      method,
      path: `/${fullName}`,
      name: (nameCount.get(method.name) ?? 0) > 1 ? fullName : method.name,
      rootType,
      field,
      request: method.resolvedRequestType!,
      response: method.resolvedResponseType!,
      idempotent: isIdempotent(method, override?.idempotent),
    };
    const batch = batchOf(binding);
    if (typeof batch === 'string') problems.push(where(batch));
    else if (batch) binding.batch = batch;
    bindings.push(binding);
  }
  for (const key of Object.keys(options.operations)) {
    if (!usedOverrides.has(key)) warnings.push({ file: options.configFile, message: `operations.${key} names no RPC of this source` });
  }
  return { bindings, warnings, problems };
}

/** Reads `option (plexus.batch) = { argument: "...", key: "..." }`; a string is what is wrong with it. */
function batchOf(binding: RpcBinding): RpcBinding['batch'] | string | undefined {
  const options = binding.method.options ?? {};
  const argumentName = options['(plexus.batch).argument'];
  const keyName = options['(plexus.batch).key'];
  if (argumentName === undefined && keyName === undefined) return undefined;
  const prefix = `rpc ${binding.method.name}: (plexus.batch)`;
  if (binding.rootType === 'Subscription') return `${prefix} applies to unary RPCs only`;
  const argument = binding.request.fields[String(argumentName)];
  if (!argument || !argument.repeated || argument.map)
    return `${prefix} argument "${String(argumentName)}" must name a repeated field of ${binding.request.name}`;
  const itemsName = options['(plexus.batch).items'];
  const candidates = binding.response.fieldsArray.filter((field) => field.repeated && !field.map && field.resolvedType instanceof protobuf.Type);
  const items = itemsName ? binding.response.fields[String(itemsName)] : candidates.length === 1 ? candidates[0] : undefined;
  if (!items || !(items.resolvedType instanceof protobuf.Type) || !items.repeated) {
    return `${prefix} needs the repeated message field of ${binding.response.name} that holds the items (set "items", or keep exactly one such field)`;
  }
  const key = items.resolvedType.fields[String(keyName)];
  if (!key) return `${prefix} key "${String(keyName)}" must name a field of ${items.resolvedType.name}`;
  return { argument, key, items };
}

function rpcProblem(method: protobuf.Method, message: string, locator: ProtoLocator): Problem {
  const service = method.parent as protobuf.Service;
  const file = method.filename ?? service.filename;
  const line = file ? locator.lineOf(file, new RegExp(`\\brpc\\s+${method.name}\\b`), new RegExp(`\\bservice\\s+${service.name}\\b`)) : undefined;
  return locator.problem(file, message, line);
}

/** The GraphQL names that `SourceOperation.batch` carries. */
export function batchNames(batch: NonNullable<RpcBinding['batch']>): { argument: string; key: string } {
  return { argument: fieldName(batch.argument), key: fieldName(batch.key) };
}
