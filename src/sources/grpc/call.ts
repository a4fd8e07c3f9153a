import { performance } from 'node:perf_hooks';
import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import { Repeater } from '@repeaterjs/repeater';
import type { GraphQLError } from 'graphql';
import { requestSignal, type Deadline } from '../../upstream/deadline.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import { GRPC_METADATA_VALUE } from '../../upstream/header-rules.js';
import { discloseFailure, type ErrorDisclosure } from '../../upstream/error-disclosure.js';
import { createByteBudget, overBudgetError, type ByteBudget } from '../../upstream/byte-budget.js';
import type { UpstreamMetrics } from '../../upstream/metrics.js';
import { countUpstreamCall } from '../../upstream/request-stats.js';
import type { AttemptResult, Resilience } from '../../upstream/resilience/resilience.js';
import type { GrpcChannel } from './channel.js';
import { outcomeOf, statusError, statusName, type CallFailure } from './status-errors.js';
import { endCallSpan, startCallSpan, withTraceContext } from './call-span.js';

export interface CallerOptions {
  source: string;
  channel: GrpcChannel;
  /** Deadline of each unary call, retries included, in milliseconds. */
  timeoutMs: number;
  headers: HeaderPolicy;
  metrics: UpstreamMetrics;
  /** The source's retry policy, circuit breaker and concurrency cap (unary calls only: a stream lives as long as its subscriber). */
  resilience: Resilience;
  /** What clients may see of the service's status messages. */
  errors: ErrorDisclosure;
  /** The gateway's budget of answer bytes held at once. Default: none. */
  byteBudget?: ByteBudget;
}

/** Makes the calls of one source. Messages cross as bytes: encoding is the value mapper's job. */
export interface GrpcCaller {
  /**
   * One unary call for a GraphQL request: its context gives the headers, the abort signal and the
   * call count. An idempotent call is retried after a failure of the service.
   */
  unary(path: string, request: Uint8Array, context: unknown, idempotent?: boolean): Promise<Buffer>;
  /** One server-streaming call. A failure arrives as a last item (a GraphQLError), so a subscription can report it. */
  serverStream(path: string, request: Uint8Array, context: unknown): AsyncIterable<Buffer | GraphQLError>;
}

const asBuffer = (value: Uint8Array): Buffer => Buffer.from(value.buffer, value.byteOffset, value.byteLength);
const identity = (value: Buffer): Buffer => value;

/**
 * Client headers and `headers.set` as gRPC metadata; a `-bin` key carries base64, as gRPC requires
 * bytes there. A forwarded value gRPC cannot carry is the caller's error, before any call.
 */
export function metadataFor(policy: HeaderPolicy, context: unknown): Metadata {
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(upstreamHeaders(policy, incomingHeaders(context), GRPC_METADATA_VALUE))) {
    if (name.endsWith('-bin')) metadata.set(name, Buffer.from(value, 'base64'));
    else metadata.set(name, value);
  }
  return metadata;
}

export function createCaller(options: CallerOptions): GrpcCaller {
  const { source, metrics } = options;
  const budget = options.byteBudget ?? createByteBudget(Number.POSITIVE_INFINITY);
  const seconds = (started: number) => (performance.now() - started) / 1000;
  // The service's message is logged under the request id; clients see it only when the source exposes it.
  const failureError = (failure: CallFailure, context: unknown) => {
    const told = failure.details
      ? discloseFailure(options.errors, { context, status: statusName(failure.code), said: failure.details, serverFailure: outcomeOf(failure) !== 'ok' })
      : undefined;
    return statusError(source, failure, options.timeoutMs, told);
  };

  return {
    unary(path, request, context, idempotent = false) {
      const metadata = metadataFor(options.headers, context);
      const attempt = (deadline: Deadline) =>
        new Promise<AttemptResult<Buffer>>((resolve) => {
          countUpstreamCall(context, source);
          const started = performance.now();
          const span = startCallSpan(context, source, path);
          const call = options.channel
            .client()
            .makeUnaryRequest(path, asBuffer, identity, request, withTraceContext(metadata, span), { deadline: deadline.at }, (error: ServiceError | null, answer?: Buffer) => {
              deadline.signal.removeEventListener('abort', cancel);
              // Our own deadline may cancel the call a moment before gRPC's fires: either way it ran out of time.
              const failure = error && deadline.timedOut ? { code: Status.DEADLINE_EXCEEDED } : (error ?? undefined);
              const outcome = outcomeOf(failure);
              metrics.recordCall(source, seconds(started), outcome);
              endCallSpan(span, failure);
              if (failure) return resolve({ error: failureError(failure, context), failed: outcome !== 'ok' });
              const value = answer ?? Buffer.alloc(0);
              // gRPC reads the whole message before handing it over: it is held from here, or dropped.
              const ledger = budget.call(context);
              const held = ledger.take(value.length);
              ledger.finish(held);
              resolve(held ? { value, failed: false } : { error: overBudgetError(source, budget.limit), failed: false });
            });
          // The client went away, or the time ran out: stop the upstream call too.
          function cancel() {
            call.cancel();
          }
          if (deadline.signal.aborted) cancel();
          else deadline.signal.addEventListener('abort', cancel, { once: true });
        });
      return options.resilience.call({
        idempotent,
        signal: requestSignal(context),
        timeoutMs: options.timeoutMs,
        attempt,
        timeoutError: () => statusError(source, { code: Status.DEADLINE_EXCEEDED }, options.timeoutMs),
      });
    },

    serverStream(path, request, context) {
      // Streams live as long as the subscriber wants them: no deadline, only cancellation.
      return new Repeater<Buffer | GraphQLError>(async (push, stop) => {
        countUpstreamCall(context, source);
        const started = performance.now();
        const span = startCallSpan(context, source, path);
        const call = options.channel.client().makeServerStreamRequest(path, asBuffer, identity, request, withTraceContext(metadataFor(options.headers, context), span));
        let finished = false;
        let cancelled = false;
        const finish = (failure?: CallFailure) => {
          if (finished) return;
          finished = true;
          metrics.recordCall(source, seconds(started), cancelled ? 'ok' : outcomeOf(failure));
          endCallSpan(span, cancelled ? undefined : failure);
          if (failure && !cancelled) void push(failureError(failure, context));
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
