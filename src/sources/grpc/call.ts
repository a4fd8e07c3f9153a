import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import { Repeater } from '@repeaterjs/repeater';
import type { GraphQLError } from 'graphql';
import { requestSignal } from '../../upstream/deadline.js';
import { incomingHeaders, upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import { GRPC_METADATA_VALUE } from '../../upstream/header-rules.js';
import { discloseFailure, type ErrorDisclosure } from '../../upstream/error-disclosure.js';
import { createByteBudget, overBudgetError, type ByteBudget } from '../../upstream/byte-budget.js';
import type { Attempt, CallPath, Sent } from '../../upstream/call-path.js';
import type { GrpcChannel } from './channel.js';
import { outcomeOf, statusError, statusName, type CallFailure } from './status-errors.js';
import { callSpan, callSpanEnd, withTraceContext } from './call-span.js';

export interface CallerOptions {
  source: string;
  channel: GrpcChannel;
  /** Deadline of each unary call, retries included, in milliseconds. */
  timeoutMs: number;
  headers: HeaderPolicy;
  /** The source's call path (retries, breaker and cap apply to unary calls only: a stream lives as long as its subscriber). */
  path: CallPath;
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
  const { source } = options;
  const budget = options.byteBudget ?? createByteBudget(Number.POSITIVE_INFINITY);
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
      const send = (attempt: Attempt) =>
        new Promise<Sent<Buffer>>((resolve) => {
          const { deadline } = attempt;
          const call = options.channel
            .client()
            .makeUnaryRequest(
              path,
              asBuffer,
              identity,
              request,
              withTraceContext(metadata, attempt.traceHeaders),
              { deadline: deadline.at },
              (error: ServiceError | null, answer?: Buffer) => {
                deadline.signal.removeEventListener('abort', cancel);
                // Our own deadline may cancel the call a moment before gRPC's fires: either way it ran out of time.
                const failure = error && deadline.timedOut ? { code: Status.DEADLINE_EXCEEDED } : (error ?? undefined);
                const outcome = outcomeOf(failure);
                const span = callSpanEnd(failure);
                if (failure) return resolve({ error: failureError(failure, context), failed: outcome !== 'ok', outcome, span });
                const value = answer ?? Buffer.alloc(0);
                // gRPC reads the whole message before handing it over: it is held from here, or dropped.
                const ledger = budget.call(context);
                const held = ledger.take(value.length);
                ledger.finish(held);
                resolve(held ? { value, failed: false, outcome, span } : { error: overBudgetError(source, budget.limit), failed: false, outcome, span });
              },
            );
          // The client went away, or the time ran out: stop the upstream call too.
          function cancel() {
            call.cancel();
          }
          if (deadline.signal.aborted) cancel();
          else deadline.signal.addEventListener('abort', cancel, { once: true });
        });
      return options.path.call({
        transport: 'grpc',
        operation: path,
        context,
        span: callSpan(source, path),
        idempotent,
        timeoutMs: options.timeoutMs,
        send,
        timeoutError: () => statusError(source, { code: Status.DEADLINE_EXCEEDED }, options.timeoutMs),
      });
    },

    serverStream(path, request, context) {
      // Streams live as long as the subscriber wants them: no deadline, only cancellation.
      return new Repeater<Buffer | GraphQLError>(async (push, stop) => {
        const opened = options.path.open({ transport: 'grpc', operation: path, context, span: callSpan(source, path) });
        const call = options.channel
          .client()
          .makeServerStreamRequest(path, asBuffer, identity, request, withTraceContext(metadataFor(options.headers, context), opened.traceHeaders));
        let finished = false;
        let cancelled = false;
        const finish = (failure?: CallFailure) => {
          if (finished) return;
          finished = true;
          opened.end(cancelled ? 'ok' : outcomeOf(failure), callSpanEnd(cancelled ? undefined : failure), cancelled ? undefined : failure);
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
