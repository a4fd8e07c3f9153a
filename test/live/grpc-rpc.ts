import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type protobuf from 'protobufjs';
import type { TestGateway } from '../helpers/gateway.js';
import { subscribe } from '../sources/grpc/support/sse.js';
import { firstDifference } from './grpc-compare.js';
import type { MessageGenerator } from './grpc-messages.js';
import { WELL_KNOWN, type Sample } from './grpc-samples.js';
import { encodedWireForm, wireForm } from './grpc-wire.js';

export type RpcKind = 'unary' | 'server-streaming' | 'client-streaming' | 'bidirectional-streaming';
/** Why an RPC failed; `harness error` is this test's own fault, never the gateway's. */
export type Cause = 'request mismatch' | 'value mismatch' | 'error from the gateway' | 'not mapped' | 'harness error';

export interface RpcResult {
  /** `package.Service/Method`. */
  rpc: string;
  kind: RpcKind;
  /** Absent when the RPC works. */
  cause?: Cause;
  detail?: string;
}

/** How an RPC is exercised: the request sent, the answers the server gives. */
export interface RpcPlan {
  method: protobuf.Method;
  /** Its root field in the gateway. */
  field: string;
  /** Its files' generator, which also writes the selection. */
  generator: MessageGenerator;
  rpc: string;
  kind: RpcKind;
  request: Sample;
  responses: Sample[];
}

/** The RPC's kind, root field and samples: a request (seed 0), and one answer or, for a stream, two. */
export function planRpc(method: protobuf.Method, generator: MessageGenerator, field: string): RpcPlan {
  const rpc = `${method.parent!.fullName.slice(1)}/${method.name}`;
  const kind: RpcKind = method.requestStream
    ? method.responseStream
      ? 'bidirectional-streaming'
      : 'client-streaming'
    : method.responseStream
      ? 'server-streaming'
      : 'unary';
  const request = method.resolvedRequestType!;
  const response = method.resolvedResponseType!;
  const sample = (type: protobuf.Type, seed: number) => generator.sample(type, seed) ?? { proto: {}, output: null, input: {} };
  // The request and each answer use other values, so that nothing passes by being sent back.
  const responses = (kind === 'server-streaming' ? [1, 2] : [1]).map((seed) => sample(response, seed));
  return { method, field, generator, rpc, kind, request: sample(request, 0), responses };
}

/** The root field of an RPC, under the root type docs/grpc.md gives it. */
function rootField(schema: GraphQLSchema, rpc: RpcPlan): { operation: string; field: GraphQLField<unknown, unknown> } | undefined {
  const roots: [string, GraphQLObjectType | null | undefined][] =
    rpc.kind === 'server-streaming'
      ? [['subscription', schema.getSubscriptionType()]]
      : [
          ['query', schema.getQueryType()],
          ['mutation', schema.getMutationType()],
        ];
  for (const [operation, type] of roots) {
    const field = type?.getFields()[rpc.field];
    if (field) return { operation, field };
  }
  return undefined;
}

/** The arguments of a root field: a request message's fields, a well-known request's `value`, none for Empty. */
function argumentsOf(rpc: RpcPlan): Record<string, unknown> {
  const type = rpc.method.resolvedRequestType!;
  if (type.fullName === '.google.protobuf.Empty') return {};
  if (WELL_KNOWN.has(type.fullName)) return { value: rpc.request.input };
  return rpc.request.input as Record<string, unknown>;
}

/** Calls one RPC through the gateway and compares both ways; the server records what it decoded in `received`. */
export async function callRpc(rpc: RpcPlan, gateway: TestGateway, received: ReadonlyMap<string, Buffer>): Promise<RpcResult> {
  try {
    return await compared(rpc, gateway, received);
  } catch (error) {
    return { rpc: rpc.rpc, kind: rpc.kind, cause: 'harness error', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

async function compared(rpc: RpcPlan, gateway: TestGateway, received: ReadonlyMap<string, Buffer>): Promise<RpcResult> {
  const result = (cause?: Cause, detail?: string): RpcResult => ({ rpc: rpc.rpc, kind: rpc.kind, ...(cause && { cause }), ...(detail && { detail }) });
  const root = rootField(gateway.gateway.schema(), rpc);
  if (!root) return result('not mapped', 'no root field');
  const args = argumentsOf(rpc);
  const unknown = Object.keys(args).filter((name) => !root.field.args.some((arg) => arg.name === name));
  if (unknown.length > 0) return result('not mapped', `no argument ${unknown.join(', ')}`);
  const used = root.field.args.filter((arg) => args[arg.name] !== undefined);
  const variables = used.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const response = rpc.method.resolvedResponseType!;
  const query = `${root.operation} Live${variables && `(${variables})`} { ${root.field.name}${passed && `(${passed})`} ${rpc.generator.selection(response)} }`;
  const answers = await answersOf(rpc, gateway, query, args);
  if (typeof answers === 'string') return result('error from the gateway', answers);
  const request = received.get(rpc.rpc);
  if (!request) return result('request mismatch', 'the service was not called');
  const requestType = rpc.method.resolvedRequestType!;
  const sent = firstDifference(encodedWireForm(requestType, rpc.request.proto), wireForm(requestType, request));
  if (sent) return result('request mismatch', sent);
  for (const [index, answer] of answers.entries()) {
    const difference = firstDifference(rpc.responses[index]!.output, (answer as Record<string, unknown>)[root.field.name], `$[${index}]`);
    if (difference) return result('value mismatch', difference);
  }
  return result();
}

/** The `data` of each answer (one for a unary call, each event of a stream), or the gateway's error as text. */
async function answersOf(rpc: RpcPlan, gateway: TestGateway, query: string, variables: Record<string, unknown>): Promise<unknown[] | string> {
  try {
    return await answers(rpc, gateway, query, variables);
  } catch (error) {
    return `no answer: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function answers(rpc: RpcPlan, gateway: TestGateway, query: string, variables: Record<string, unknown>): Promise<unknown[] | string> {
  const failed = (errors: { message: string; extensions?: { code?: string } }[]) =>
    errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ');
  if (rpc.kind === 'unary') {
    const { body } = await gateway.query(query, variables);
    return body.errors ? failed(body.errors) : [body.data];
  }
  const events = await subscribe(`${gateway.server.url}/graphql`, query, { variables, signal: AbortSignal.timeout(20_000) });
  const data = events.filter((event) => event.event === 'next').map((event) => event.data);
  const errors = data.flatMap((item) => item.errors ?? []);
  if (errors.length > 0) return failed(errors);
  if (data.length !== rpc.responses.length) return `expected ${rpc.responses.length} events, got ${data.length}`;
  return data.map((item) => item.data);
}
