import {
  GraphQLError,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLOutputType,
} from 'graphql';
import type protobuf from 'protobufjs';
import { upstreamError } from '../../errors.js';
import { sourceSchema } from '../source-schema.js';
import type { Problem } from '../../config/problems.js';
import type { GrpcCaller } from './call.js';
import { fieldName } from './names.js';
import type { RpcBinding } from './operations.js';
import type { TypeMapper } from './type-mapping.js';
import type { ValueMapper } from './values.js';
import { EMPTY, wellKnownType } from './well-known.js';
import { readUploads } from './uploads.js';

export interface GrpcSchemaOptions {
  source: string;
  /** `sources/<name>/source.yaml`, for problems that no .proto line explains. */
  configFile: string;
  bindings: readonly RpcBinding[];
  types: TypeMapper;
  values: ValueMapper;
  caller: GrpcCaller;
  /** `maxMessageBytes`: also the most bytes of uploaded files read into one request message. */
  maxMessageBytes: number;
}

type RootName = RpcBinding['rootType'];

/**
 * The source's schema, whose resolvers make the calls. Problems found while mapping types (name
 * clashes) are returned rather than thrown, so that every one of them is reported at once.
 */
export function buildGrpcSchema(options: GrpcSchemaOptions): { schema: GraphQLSchema; problems: Problem[] } {
  const fields: Record<RootName, Record<string, GraphQLFieldConfig<unknown, unknown>>> = { Query: {}, Mutation: {}, Subscription: {} };
  for (const binding of options.bindings) fields[binding.rootType][binding.field] = rootField(binding, options);
  const root = (name: RootName) => (Object.keys(fields[name]).length > 0 ? new GraphQLObjectType({ name, fields: fields[name] }) : undefined);
  const { schema, errors } = sourceSchema({ query: root('Query'), mutation: root('Mutation'), subscription: root('Subscription') });
  const problems: Problem[] = [...options.types.problems];
  if (problems.length === 0) problems.push(...errors.map((error) => ({ file: options.configFile, message: error.message })));
  return { schema, problems };
}

function rootField(binding: RpcBinding, options: GrpcSchemaOptions): GraphQLFieldConfig<unknown, unknown> {
  const { caller, values, source } = options;
  const request = requestShape(binding.request, options.types);
  const description = binding.method.comment ? { description: binding.method.comment } : {};
  const decode = (bytes: Buffer) => {
    try {
      return values.decode(binding.response, bytes);
    } catch (error) {
      throw upstreamError(source, `Source "${source}" sent an answer that is not a valid ${binding.response.name}`, { cause: error });
    }
  };
  if (binding.rootType === 'Subscription') {
    return {
      type: responseType(binding, options.types),
      args: request.args,
      ...description,
      subscribe: (_root, args, context) => caller.serverStream(binding.path, values.encode(binding.request, request.message(args)), context),
      resolve: (payload: unknown) => {
        if (payload instanceof GraphQLError) throw payload;
        return decode(payload as Buffer);
      },
    };
  }
  const items = binding.batch ? fieldName(binding.batch.items) : undefined;
  return {
    type: responseType(binding, options.types),
    args: request.args,
    ...description,
    resolve: async (_root, args, context) => {
      const message = await readUploads(request.message(args), options.maxMessageBytes, source);
      const answer = decode(await caller.unary(binding.path, values.encode(binding.request, message), context, binding.idempotent));
      return items === undefined ? answer : (answer as Record<string, unknown>)[items];
    },
  };
}

/** A batch RPC answers with its items themselves, so that the gateway can match them to keys. */
function responseType(binding: RpcBinding, types: TypeMapper): GraphQLOutputType {
  if (binding.batch) return new GraphQLList(new GraphQLNonNull(types.output(binding.batch.items.resolvedType as protobuf.Type)));
  return types.output(binding.response);
}

/**
 * A request message's fields become the field's arguments. A well-known request type, rare as it
 * is (`rpc Rename(google.protobuf.StringValue)`), takes one argument `value`; Empty takes none.
 */
function requestShape(type: protobuf.Type, types: TypeMapper): { args: GraphQLFieldConfigArgumentMap; message(args: Record<string, unknown>): unknown } {
  const known = wellKnownType(type);
  if (!known) return { args: types.argumentsOf(type), message: (args) => args };
  if (type.fullName === EMPTY) return { args: {}, message: () => ({}) };
  return { args: { value: { type: known.graphql } }, message: (args) => args['value'] };
}
