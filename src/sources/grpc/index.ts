import { join } from 'node:path';
import { createDefaultExecutor } from '@graphql-tools/delegate';
import { status } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { schemaFiles } from '../../config/source-config.js';
import { SourceLoadError, type SourceContext, type SourceKind, type SourceOperation } from '../types.js';
import { createCaller, metadataFor } from './call.js';
import { createChannel, parseEndpoint, type GrpcChannel } from './channel.js';
import { grpcSourceSchema, type GrpcSourceConfig } from './config.js';
import { channelCredentials } from './credentials.js';
import { checkHealth } from './health.js';
import { loadProtoFiles } from './load-protos.js';
import { ProtoLocator } from './locations.js';
import { batchNames, bindRpcs } from './operations.js';
import { loadByReflection } from './reflection.js';
import { buildGrpcSchema } from './schema.js';
import { statusError, statusName } from './status-errors.js';
import { callSpan } from './call-span.js';
import { TypeMapper } from './type-mapping.js';
import { createValueMapper } from './values.js';

export { grpcSourceSchema } from './config.js';

/**
 * A gRPC service: its schema from the `.proto` files in the folder (never contacting the service),
 * or from server reflection when `schema` is omitted. Unary RPCs become Query or Mutation fields,
 * server-streaming RPCs Subscription fields; calls share one channel per source.
 */
export const grpcSource = {
  kind: 'grpc',
  configSchema: grpcSourceSchema,
  async load(context) {
    const { config, name, dir, displayDir } = context;
    const configFile = join(displayDir, 'source.yaml');
    const endpoint = parseEndpoint(config.endpoint);
    if (typeof endpoint === 'string') throw new SourceLoadError([{ file: configFile, message: `"endpoint": ${endpoint}` }]);
    const tls = await channelCredentials({ tls: config.tls, secure: endpoint.secure, dir, configFile });
    const channel = createChannel({
      target: endpoint.target,
      credentials: tls.credentials,
      options: { ...tls.channelOptions, 'grpc.max_receive_message_length': config.maxMessageBytes },
    });
    const locator = new ProtoLocator(dir, displayDir, configFile);
    try {
      const files = schemaFiles(config);
      const own = new Set(files.map((file) => join(dir, file)));
      const root = files.length > 0 ? loadProtoFiles({ dir, files, includeDirs: config.includeDirs }, locator) : await reflectedRoot(channel, context);
      const bindings = bindRpcs(root, {
        queryPrefixes: config.queryPrefixes,
        operations: config.operations,
        locator,
        configFile,
        // Services of imported files (google.longrunning.Operations, say) are not this service's API;
        // reflection lists only what the server implements.
        serves: (service) => files.length === 0 || own.has(service.filename ?? ''),
      });
      const types = new TypeMapper({ style: config.typeNames, maps: config.maps, locator, root });
      const caller = createCaller({
        source: name,
        channel,
        timeoutMs: config.timeout,
        headers: config.headers,
        path: context.upstream,
        errors: { expose: config.exposeErrors, logger: context.logger },
        ...(context.byteBudget && { byteBudget: context.byteBudget }),
      });
      const values = createValueMapper(root, { source: name, maps: config.maps, mapValueType: (field) => types.mapValueInput(field) });
      const { schema, problems } = buildGrpcSchema({
        source: name,
        configFile,
        bindings: bindings.bindings,
        types,
        values,
        caller,
        maxMessageBytes: config.maxMessageBytes,
      });
      if (bindings.problems.length + problems.length > 0) throw new SourceLoadError([...bindings.problems, ...problems]);
      return {
        name,
        kind: 'grpc',
        schema,
        executor: createDefaultExecutor(schema),
        // Each root field is its own RPC; there is no request to merge them into.
        batch: false,
        local: true,
        serializedResults: true,
        operations: bindings.bindings.map((binding): SourceOperation => ({
          name: binding.name,
          rootType: binding.rootType,
          field: binding.field,
          ...(binding.batch && { batch: batchNames(binding.batch) }),
        })),
        warnings: bindings.warnings,
        probe: (signal) => checkHealth(channel.client(), metadataFor(config.headers, undefined), signal),
        async close() {
          channel.close();
        },
      };
    } catch (error) {
      channel.close();
      throw error;
    }
  },
} satisfies SourceKind<typeof grpcSourceSchema>;

/** Reads the schema by reflection; the exchange is a real call to the service, made on the source's call path. */
async function reflectedRoot(channel: GrpcChannel, context: SourceContext<GrpcSourceConfig>): Promise<protobuf.Root> {
  const { config, name } = context;
  const operation = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';
  try {
    return await context.upstream.call({
      transport: 'grpc',
      operation,
      context: undefined,
      span: callSpan(name, operation),
      // Asked once, while loading: a failure is reported with its reason rather than tried again.
      idempotent: false,
      timeoutMs: config.timeout,
      send: ({ deadline }) =>
        loadByReflection({ client: channel.client(), metadata: metadataFor(config.headers, undefined), timeoutMs: config.timeout }).then(
          (root) => ({ value: root, failed: false, outcome: 'ok' as const }),
          (error: unknown) => ({ error, failed: true, outcome: deadline.timedOut ? ('timeout' as const) : ('error' as const) }),
        ),
      timeoutError: () => statusError(name, { code: status.DEADLINE_EXCEEDED }, config.timeout),
    });
  } catch (error) {
    const code = (error as { code?: number }).code;
    const reason =
      code === undefined ? (error instanceof Error ? error.message : String(error)) : `${statusName(code)}: ${(error as { details?: string }).details ?? ''}`;
    throw new SourceLoadError([
      {
        file: join(context.displayDir, 'source.yaml'),
        message: `server reflection at ${config.endpoint} failed (${reason}); list the .proto files under "schema:" to load without asking the service`,
      },
    ]);
  }
}
