import { performance } from 'node:perf_hooks';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { Repeater } from '@repeaterjs/repeater';
import type { GraphQLError } from 'graphql';
import { requestSignal } from '../../upstream/deadline.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import type { UpstreamMetrics } from '../../upstream/metrics.js';
import { countUpstreamCall } from '../../upstream/request-stats.js';
import type { GrpcChannel } from './channel.js';
import { outcomeOf, statusError, type CallFailure } from './status-errors.js';

export interface CallerOptions {
  source: string;
  channel: GrpcChannel;
  /** Deadline of each unary call, in milliseconds. */
  timeoutMs: number;
  headers: HeaderPolicy;
  metrics: UpstreamMetrics;
}

/** Makes the calls of one source. Messages cross as bytes: encoding is the value mapper's job. */
export interface GrpcCaller {
  /** One unary call for a GraphQL request: its context gives the headers, the abort signal and the call count. */
  unary(path: string, request: Uint8Array, context: unknown): Promise<Buffer>;
  /** One server-streaming call. A failure arrives as a last item (a GraphQLError), so a subscription can report it. */
  serverStream(path: string, request: Uint8Array, context: unknown): AsyncIterable<Buffer | GraphQLError>;
}

const asBuffer = (value: Uint8Array): Buffer => Buffer.from(value.buffer, value.byteOffset, value.byteLength);
const identity = (value: Buffer): Buffer => value;

/** Client headers and `headers.set` as gRPC metadata; a `-bin` key carries base64, as gRPC requires bytes there. */
export function metadataFor(policy: HeaderPolicy, context: unknown): Metadata {
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(upstreamHeaders(policy, incomingHeaders(context)))) {
    if (name.endsWith('-bin')) metadata.set(name, Buffer.from(value, 'base64'));
    else metadata.set(name, value);
  }
  return metadata;
}

export function createCaller(options: CallerOptions): GrpcCaller {
  const { source, metrics } = options;
  const seconds = (started: number) => (performance.now() - started) / 1000;

  return {
    unary(path, request, context) {
      countUpstreamCall(context, source);
      const started = performance.now();
      const signal = requestSignal(context);
      return new Promise<Buffer>((resolve, reject) => {
        const call = options.channel
          .client()
          .makeUnaryRequest(path, asBuffer, identity, request, metadataFor(options.headers, context), { deadline: Date.now() + options.timeoutMs }, (error: ServiceError | null, answer?: Buffer) => {
            signal?.removeEventListener('abort', cancel);
            metrics.recordCall(source, seconds(started), outcomeOf(error ?? undefined));
            if (error) reject(statusError(source, error, options.timeoutMs));
            else resolve(answer ?? Buffer.alloc(0));
          });
        // The client went away: stop the upstream call too.
        function cancel() {
          call.cancel();
        }
        if (signal?.aborted) cancel();
        else signal?.addEventListener('abort', cancel, { once: true });
      });
    },

    serverStream(path, request, context) {
      // Streams live as long as the subscriber wants them: no deadline, only cancellation.
      return new Repeater<Buffer | GraphQLError>(async (push, stop) => {
        countUpstreamCall(context, source);
        const started = performance.now();
        const call = options.channel.client().makeServerStreamRequest(path, asBuffer, identity, request, metadataFor(options.headers, context));
        let finished = false;
        let cancelled = false;
        const finish = (failure?: CallFailure) => {
          if (finished) return;
          finished = true;
          metrics.recordCall(source, seconds(started), cancelled ? 'ok' : outcomeOf(failure));
          if (failure && !cancelled) void push(statusError(source, failure, options.timeoutMs));
          stop();
        };
        call.on('data', (message: Buffer) => {
          // Read no further until the subscriber took this message: the stream's own flow control then holds the server back.
          call.pause();
          push(message).then(
            () => call.resume(),
            () => undefined,
          );
        });
        call.on('error', (error: ServiceError) => finish(error));
        call.on('end', () => finish());
        const signal = requestSignal(context);
        const onAbort = () => stop();
        signal?.addEventListener('abort', onAbort, { once: true });
        await stop;
        signal?.removeEventListener('abort', onAbort);
        if (!finished) {
          cancelled = true;
          call.cancel();
          finish();
        }
      });
    },
  };
}
