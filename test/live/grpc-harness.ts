import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';
import protobuf from 'protobufjs';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { captureLog } from '../helpers/log-capture.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { loadProtoRoot } from '../sources/grpc/support/proto-root.js';
import { startRawGrpcServer } from '../sources/grpc/support/raw-server.js';
import { MessageGenerator, type MapStyle } from './grpc-messages.js';
import { callRpc, planRpc, type Cause, type RpcResult } from './grpc-rpc.js';
import { encode } from './grpc-wire.js';

export type { Cause, RpcKind, RpcResult } from './grpc-rpc.js';

/** `.proto` files that declare services, and the folders their imports are found in. */
export interface ProtoSet {
  /** The source's name in the gateway. */
  name: string;
  /** Relative to the first of `includeDirs`. */
  files: string[];
  includeDirs: string[];
  /** `prefix.rootFields` of the source, for sets whose RPC names meet in one gateway. */
  rootPrefix?: string;
  /** Message nesting generated and selected for this set, when it differs from the run's. */
  depth?: number;
}

export interface LiveOptions {
  maps?: MapStyle;
  /** Message nesting generated and selected; default 3. */
  depth?: number;
  /** RPCs called at once; default 4. */
  concurrency?: number;
}

// The test sends the largest messages a real client would not: limits are the gateway's, not the subject.
const GATEWAY_CONFIG = { limits: { maxDepth: 100, maxCost: 1e12, maxTokens: 1e7, maxAliases: 1e4, maxDirectives: 1e4, maxBodySize: 64 * 1024 * 1024 } };

/**
 * Puts the services of a set of `.proto` files behind a grpc-js server that answers generated
 * messages using every field, and a Plexus gateway with the files as a `grpc` source; calls every
 * RPC through GraphQL (subscriptions over SSE) and compares both ways: the request the server
 * decoded with what the arguments meant, and the GraphQL answer with the generated message as
 * docs/grpc.md maps it.
 */
export async function runGrpcLive(sets: readonly ProtoSet[], options: LiveOptions = {}): Promise<RpcResult[]> {
  const maps = options.maps ?? 'entries';
  const renamed = new Map<ProtoSet, Map<string, string>>();
  const plans = sets.flatMap((set) => {
    const root = loadProtoRoot(set.files, set.includeDirs);
    const depth = set.depth ?? options.depth;
    const generator = new MessageGenerator(root, { maps, ...(depth !== undefined && { depth }) });
    const services = servicesIn(root, set);
    const fields = fieldNames(services);
    renamed.set(set, fields.renamed);
    return services.flatMap((service) => service.methodsArray.map((method) => planRpc(method, generator, withPrefix(fields.of(method), set.rootPrefix))));
  });
  const results: RpcResult[] = plans
    .filter((rpc) => rpc.kind.endsWith('-streaming') && rpc.kind !== 'server-streaming')
    .map((rpc) => ({ rpc: rpc.rpc, kind: rpc.kind, cause: 'not mapped', detail: 'streams from the client' }));
  const callable = plans.filter((rpc) => rpc.kind === 'unary' || rpc.kind === 'server-streaming');
  const received = new Map<string, Buffer>();
  const server = await startRawGrpcServer(
    callable.map((rpc) => {
      const path = `/${rpc.rpc}`;
      const answers = rpc.responses.map((response) => Buffer.from(encode(rpc.method.resolvedResponseType!, response.proto)));
      const record = (request: Buffer) => void received.set(rpc.rpc, request);
      return rpc.kind === 'unary'
        ? { path, responseStream: false, answer: (request: Buffer) => (record(request), answers[0]!) }
        : { path, responseStream: true, answer: (request: Buffer) => (record(request), answers) };
    }),
  );
  const project = await tempProject();
  const log = captureLog('error');
  let gateway: TestGateway | undefined;
  try {
    for (const set of sets) await writeSource(project, set, { endpoint: server.url, maps, renamed: renamed.get(set)! });
    try {
      gateway = await startTestGateway({
        sourcesDir: project.sourcesDir,
        schemasDir: project.schemasDir,
        cwd: project.dir,
        config: GATEWAY_CONFIG,
        logger: log.logger,
      });
    } catch (error) {
      const detail = `the gateway did not start: ${error instanceof Error ? error.message : String(error)}`;
      return [...results, ...callable.map((rpc): RpcResult => ({ rpc: rpc.rpc, kind: rpc.kind, cause: 'error from the gateway', detail }))];
    }
    const running = gateway;
    const limit = pLimit(options.concurrency ?? 4);
    const called = await Promise.all(callable.map((rpc) => limit(() => callRpc(rpc, running, received))));
    // A masked error says nothing in the answer; what the gateway logged during the run says why.
    const logged = [...new Set(log.errors().map((line) => String((line['err'] as { message?: string } | undefined)?.message ?? line['msg'])))].join('; ');
    const explained = called.map((result) =>
      logged && result.detail?.includes('INTERNAL_SERVER_ERROR') ? { ...result, detail: `${result.detail} (gateway log: ${logged})` } : result,
    );
    return [...results, ...explained].sort((a, b) => a.rpc.localeCompare(b.rpc));
  } finally {
    await gateway?.close();
    await server.close();
    await project.remove();
  }
}

/** `sources/<name>/`: the set's files, and a source.yaml pointing at the test server. */
async function writeSource(
  project: TempProject,
  set: ProtoSet,
  options: { endpoint: string; maps: MapStyle; renamed: ReadonlyMap<string, string> },
): Promise<void> {
  for (const file of set.files) {
    await mkdir(dirname(join(project.sourcesDir, set.name, file)), { recursive: true });
    await copyFile(join(set.includeDirs[0]!, file), join(project.sourcesDir, set.name, file));
  }
  const yaml = [
    'kind: grpc',
    `endpoint: ${options.endpoint}`,
    `schema: ${JSON.stringify(set.files)}`,
    `includeDirs: ${JSON.stringify(set.includeDirs)}`,
    `maps: ${options.maps}`,
  ];
  if (set.rootPrefix) yaml.push(`prefix: { rootFields: ${set.rootPrefix} }`);
  if (options.renamed.size > 0) yaml.push('operations:', ...[...options.renamed].map(([rpc, field]) => `  ${JSON.stringify(rpc)}: { field: ${field} }`));
  yaml.push('');
  await project.write({ [`sources/${set.name}/source.yaml`]: yaml.join('\n') });
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * The root field of each RPC as docs/grpc.md names it. Two services of one source may not give
 * the same field, so where two share an RPC name each gets its service's name in front, set under
 * `operations:` as a user would.
 */
function fieldNames(services: readonly protobuf.Service[]): { of(method: protobuf.Method): string; renamed: Map<string, string> } {
  const uses = new Map<string, number>();
  for (const method of services.flatMap((service) => service.methodsArray)) uses.set(method.name, (uses.get(method.name) ?? 0) + 1);
  const renamed = new Map<string, string>();
  const of = (method: protobuf.Method) => ((uses.get(method.name) ?? 0) > 1 ? lowerFirst(`${method.parent!.name}${method.name}`) : lowerFirst(method.name));
  for (const method of services.flatMap((service) => service.methodsArray)) {
    if ((uses.get(method.name) ?? 0) > 1) renamed.set(`${method.parent!.fullName.slice(1)}/${method.name}`, of(method));
  }
  return { of, renamed };
}

/** A root field's name after the source's `prefix.rootFields`. */
function withPrefix(field: string, prefix: string | undefined): string {
  return prefix ? `${prefix}${field.charAt(0).toUpperCase()}${field.slice(1)}` : field;
}

function servicesIn(root: protobuf.Root, set: ProtoSet): protobuf.Service[] {
  const files = new Set(set.files.map((file) => join(set.includeDirs[0]!, file)));
  const found: protobuf.Service[] = [];
  const walk = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Service) {
        if (files.has(nested.filename ?? '')) found.push(nested);
      } else if (nested instanceof protobuf.Namespace) walk(nested);
    }
  };
  walk(root);
  return found;
}

/** Counts by outcome: RPCs tested (unary and server-streaming), ok, and failures by cause. */
export function summarize(results: readonly RpcResult[]): { tested: number; ok: number; byCause: Partial<Record<Cause, number>>; skippedStreams: number } {
  const tested = results.filter((result) => result.kind === 'unary' || result.kind === 'server-streaming');
  const byCause: Partial<Record<Cause, number>> = {};
  for (const result of tested) if (result.cause) byCause[result.cause] = (byCause[result.cause] ?? 0) + 1;
  return { tested: tested.length, ok: tested.filter((result) => !result.cause).length, byCause, skippedStreams: results.length - tested.length };
}
