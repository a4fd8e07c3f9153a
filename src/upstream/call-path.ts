import { performance } from 'node:perf_hooks';
import type { Attributes } from '@opentelemetry/api';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import { startUpstreamSpan } from '../observability/upstream-span.js';
import { requestSignal, type Deadline } from './deadline.js';
import type { UpstreamMetrics, UpstreamOutcome } from './metrics.js';
import { countUpstreamCall } from './request-stats.js';
import type { Resilience } from './resilience/resilience.js';
import type { UpstreamCallDone, UpstreamCallInfo, UpstreamHook } from './upstream-hook.js';

/** What a call is, for the span, the hook and the count: the transport's own words for it. */
export interface CallDescription {
  /** The wire the call takes: `http`, `grpc`, or a source kind's own. */
  transport: string;
  /** The operation as the transport names it: `GET /users`, `/demo.Orders/ListOrders`, `POST /graphql`. */
  operation: string;
  /** The GraphQL context of the request the call serves: its signal, call count, trace and hooks. */
  context: unknown;
  /** The span's name and attributes; asked only when the request is traced. */
  span(): { name: string; attributes: Attributes };
}

/** One real attempt of a call, as the path hands it to the transport. */
export interface Attempt {
  /** The call's deadline: time for every attempt, and the client's signal. */
  deadline: Deadline;
  /** Headers that carry this attempt's span to the service (`traceparent`); empty when not traced. */
  traceHeaders: Readonly<Record<string, string>>;
}

/**
 * How one attempt ended, as the transport saw it. `failed` says the service itself failed
 * (unreachable, timed out, HTTP 5xx, gRPC UNAVAILABLE): that counts against the breaker and may be
 * retried. `outcome` is what the metrics record; `span` what the span ends with.
 */
export type Sent<T> = ({ value: T } | { error: unknown }) & {
  failed: boolean;
  outcome: UpstreamOutcome;
  span?: SpanEnd;
};

/** What a call's span ends with: attributes learnt from the answer, and a failure (a status, `timeout`) that marks it failed. */
export interface SpanEnd {
  attributes?: Attributes;
  failure?: string;
}

export interface UpstreamCall<T> extends CallDescription {
  /** Only idempotent calls are retried. */
  idempotent: boolean;
  /** Time for the whole call: every attempt, the waits between them and for a free slot. */
  timeoutMs: number;
  /** Aborts the call. Default: the signal of the client request in `context`. */
  signal?: AbortSignal;
  /** Encodes, sends and decodes: one real call within the attempt's deadline. */
  send(attempt: Attempt): Promise<Sent<T>>;
  /** The error of a call whose time ran out before the service was asked. */
  timeoutError(): GraphQLError;
}

/** A long-lived call (a server stream, a subscription): counted and traced when opened, recorded when it ends. */
export interface OpenedStream {
  traceHeaders: Readonly<Record<string, string>>;
  /** Ends the stream's span, records its metrics and tells the hooks. Later calls do nothing. */
  end(outcome: UpstreamOutcome, span?: SpanEnd, error?: unknown): void;
}

/**
 * Every call of one source to its service. The transport (HTTP, gRPC, a kind's own) encodes,
 * sends and decodes; the path does the rest, the same way for every kind: the `onUpstreamCall` hooks, the source's concurrency cap, circuit breaker,
 * retries and deadline, and per attempt the request's call count, a client span and the metrics.
 */
export interface CallPath {
  readonly source: string;
  call<T>(call: UpstreamCall<T>): Promise<T>;
  open(stream: CallDescription): OpenedStream;
}

export interface CallPathOptions {
  source: string;
  metrics: UpstreamMetrics;
  resilience: Resilience;
  /** Observers of every call (the project's plugins' `onUpstreamCall`). Default: none. */
  hooks?: readonly UpstreamHook[];
  logger?: Logger;
}

/** The trace headers of an attempt that is not traced: one object, so a transport can tell it by identity. */
export const NO_TRACE_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function createCallPath(options: CallPathOptions): CallPath {
  const { source, metrics, resilience } = options;
  const hooks = options.hooks ?? [];

  /** One real attempt: counted, traced and recorded here, sent by the transport. */
  async function attempt<T>(call: UpstreamCall<T>, deadline: Deadline, tries: { count: number }) {
    tries.count++;
    countUpstreamCall(call.context, source);
    const span = startUpstreamSpan(call.context, call.span);
    const started = performance.now();
    let sent: Sent<T>;
    try {
      sent = await call.send({ deadline, traceHeaders: span?.headers ?? NO_TRACE_HEADERS });
    } catch (error) {
      // A transport maps its own errors; one it did not foresee is a failure of the call, not a crash.
      sent = { error, failed: true, outcome: deadline.timedOut ? 'timeout' : 'error', span: { failure: 'error' } };
    }
    metrics.recordCall(source, (performance.now() - started) / 1000, sent.outcome);
    span?.end(sent.span?.attributes, sent.span?.failure);
    return sent;
  }

  function resilient<T>(call: UpstreamCall<T>): Promise<T> {
    const done = hooks.length > 0 ? startHooks(call, call.idempotent) : undefined;
    const tries = { count: 0 };
    const started = performance.now();
    let outcome: UpstreamOutcome = 'ok';
    const running = resilience.call<T>({
      idempotent: call.idempotent,
      signal: call.signal ?? requestSignal(call.context),
      timeoutMs: call.timeoutMs,
      attempt: async (deadline) => {
        const sent = await attempt(call, deadline, tries);
        outcome = sent.outcome;
        return sent;
      },
      timeoutError: call.timeoutError,
    });
    if (!done) return running;
    // A call refused before any attempt (breaker open, no free slot in time) ended in error.
    const finish = (error?: unknown) =>
      done({
        outcome: tries.count === 0 ? 'error' : outcome,
        attempts: tries.count,
        durationMs: performance.now() - started,
        ...(error !== undefined && { error }),
      });
    return running.then(
      (value) => {
        finish();
        return value;
      },
      (error: unknown) => {
        finish(error);
        throw error;
      },
    );
  }

  /** Calls each hook; a hook that throws is logged and skipped, never the call's failure. */
  function startHooks(description: CallDescription, idempotent: boolean): (done: UpstreamCallDone) => void {
    const info: UpstreamCallInfo = { source, transport: description.transport, operation: description.operation, context: description.context, idempotent };
    const after: Array<{ plugin: string; end: (done: UpstreamCallDone) => void }> = [];
    for (const { plugin, onUpstreamCall } of hooks) {
      const result = guarded(plugin, () => onUpstreamCall(info));
      if (typeof result === 'function') after.push({ plugin, end: result });
    }
    return (done) => {
      for (const { plugin, end } of after) guarded(plugin, () => end(done));
    };
  }

  function guarded<R>(plugin: string, run: () => R): R | undefined {
    try {
      return run();
    } catch (error) {
      options.logger?.error(
        { err: error, plugin, hook: 'onUpstreamCall' },
        `plugin hook onUpstreamCall failed for a call to source "${source}"; the call went on`,
      );
      return undefined;
    }
  }

  return {
    source,
    call: resilient,
    open(stream) {
      countUpstreamCall(stream.context, source);
      const span = startUpstreamSpan(stream.context, stream.span);
      const done = hooks.length > 0 ? startHooks(stream, false) : undefined;
      const started = performance.now();
      let ended = false;
      return {
        traceHeaders: span?.headers ?? NO_TRACE_HEADERS,
        end(outcome, spanEnd, error) {
          if (ended) return;
          ended = true;
          const durationMs = performance.now() - started;
          metrics.recordCall(source, durationMs / 1000, outcome);
          span?.end(spanEnd?.attributes, spanEnd?.failure);
          done?.({ outcome, attempts: 1, durationMs, ...(error !== undefined && { error }) });
        },
      };
    },
  };
}
