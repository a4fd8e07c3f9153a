import { finished } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { GraphQLError } from 'graphql';
import { plexusError, upstreamError, upstreamTimeout } from '../errors.js';
import { HEADER_NAME, HTTP_FIELD_VALUE } from './header-rules.js';
import { startDeadline, type Deadline } from './deadline.js';
import { orphanClosingConnector } from './connector.js';
import { oncePerRequest } from './dedupe.js';
import { NO_TRACE_HEADERS, type CallPath, type Sent } from './call-path.js';
import { createByteBudget, overBudgetError, type ByteBudget, type CallLedger } from './byte-budget.js';
import { redirectOf, type Hop } from './redirects.js';
import type { HttpBody } from './http-body.js';

export interface HttpClientOptions {
  source: string;
  /** Base URL; its origin gets one keep-alive pool. */
  endpoint: string;
  /** Time for one call, retries included. */
  timeoutMs: number;
  maxConnections: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  /** The source's call path: counting, spans, metrics, hooks, retries, breaker and cap. */
  path: CallPath;
  /** The gateway's budget of answer bytes held at once. Default: none. */
  byteBudget?: ByteBudget;
}

export type { HttpBody };

export interface HttpCall {
  method: Dispatcher.HttpMethod;
  /** Path and query, already encoded, appended to the endpoint's path. */
  path: string;
  headers?: Record<string, string>;
  body?: HttpBody;
  /** The GraphQL context of the request this call serves (for its signal and call counts). */
  context?: unknown;
  /** Aborts the call; defaults to the signal of the client request in `context`. */
  signal?: AbortSignal;
  /** A readiness check: not counted as traffic in `plexus_upstream_requests_total`, never held back by the circuit breaker, never retried. */
  probe?: boolean;
  /** May be retried after a failure of the service. Default: true for GET and HEAD, false otherwise. */
  idempotent?: boolean;
  /**
   * Most redirects followed, each to the endpoint's own origin only (see redirects.ts); one that
   * cannot be followed is an UPSTREAM_ERROR. Default 0: a redirect is the answer.
   */
  redirects?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL that gave this answer: the call's, or where redirects within the origin led. */
  url: string;
}

/** One source's HTTP connection pool, with deadlines, size caps, metrics, error mapping, and the source's retries, breaker and cap. */
export interface HttpClient {
  request(call: HttpCall): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const url = new URL(options.endpoint);
  const basePath = url.pathname.replace(/\/$/, '');
  let pool: Pool | undefined;
  // Created on first use so that loading a source for `compose` opens no sockets.
  const getPool = () =>
    (pool ??= new Pool(url.origin, {
      connections: options.maxConnections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: orphanClosingConnector(),
    }));

  const budget = options.byteBudget ?? createByteBudget(Number.POSITIVE_INFINITY);
  const spanAttributes = {
    'plexus.source': options.source,
    'server.address': url.hostname,
    'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
  };

  /** One real request, within `deadline`. A 5xx answer is returned, marked as a failure of the service. */
  async function send(call: HttpCall, hop: Hop, deadline: Deadline, traceHeaders: Readonly<Record<string, string>>): Promise<Sent<HttpAnswer>> {
    const ledger = budget.call(call.context);
    try {
      const answer = await getPool().request({
        method: hop.method,
        path: hop.target,
        // The trace context names this attempt's own span, so it is added here, per attempt.
        headers: traceHeaders === NO_TRACE_HEADERS ? hop.headers : { ...hop.headers, ...traceHeaders },
        // undici sends a Blob from its stream(), with its size as Content-Length; its types leave Blob out.
        body: (hop.body ?? null) as Exclude<Dispatcher.DispatchOptions['body'], undefined>,
        signal: deadline.signal,
      });
      const body = await readCapped(answer.body, options.maxResponseBytes, options.source, ledger, budget.limit);
      if (body instanceof GraphQLError) {
        // Not a failure of the service: it answered a body the gateway would not read whole (over
        // the source's cap, past the gateway's budget).
        ledger.finish(false);
        return { error: body, failed: false, outcome: 'ok', span: { failure: 'error' } };
      }
      ledger.finish(true);
      const failed = answer.statusCode >= 500;
      return {
        value: { status: answer.statusCode, headers: answer.headers, body, url: url.origin + hop.target },
        failed,
        outcome: failed ? 'error' : 'ok',
        span: { attributes: { 'http.response.status_code': answer.statusCode }, ...(failed && { failure: String(answer.statusCode) }) },
      };
    } catch (error) {
      ledger.finish(false);
      const code = (error as { code?: string } | undefined)?.code;
      // Not a failure of the service either: the HTTP client refused to build the request.
      const notTheService = code === 'UND_ERR_INVALID_ARG';
      const outcome = deadline.timedOut ? 'timeout' : notTheService ? 'ok' : 'error';
      const span = { failure: deadline.timedOut ? 'timeout' : (code ?? 'error') };
      if (deadline.timedOut) return { error: upstreamTimeout(options.source, options.timeoutMs), failed: true, outcome, span };
      if (notTheService) return { error: cannotEncode(options.source, error), failed: false, outcome, span };
      return { error: toUpstreamError(options.source, error), failed: true, outcome, span };
    }
  }

  /** A readiness check: one attempt, not counted, traced or held back by the breaker. */
  async function probe(call: HttpCall): Promise<HttpAnswer> {
    const deadline = startDeadline(options.timeoutMs, call.signal);
    try {
      const result = await send(call, firstHop(call), deadline, NO_TRACE_HEADERS);
      if ('error' in result) throw result.error;
      return result.value;
    } finally {
      deadline.clear();
    }
  }

  function pathCall(call: HttpCall, hop: Hop, timeoutMs: number): Promise<HttpAnswer> {
    return options.path.call({
      transport: 'http',
      operation: `${hop.method} ${hop.target.split('?')[0]}`,
      context: call.context,
      span: () => ({ name: `${hop.method} ${options.source}`, attributes: { ...spanAttributes, 'http.request.method': hop.method } }),
      idempotent: hop.idempotent ?? (hop.method === 'GET' || hop.method === 'HEAD'),
      ...(call.signal && { signal: call.signal }),
      timeoutMs,
      send: (attempt) => send(call, hop, attempt.deadline, attempt.traceHeaders),
      timeoutError: () => upstreamTimeout(options.source, options.timeoutMs),
    });
  }

  // undici's redirect interceptor cannot be held to one origin (through a Pool it sends another
  // origin's path to this one) and runs every hop as one request, unseen by the breaker, the cap
  // and the call count. So each hop is a call of its own here, within the call's one timeout.
  async function follow(call: HttpCall): Promise<HttpAnswer> {
    const endsAt = Date.now() + options.timeoutMs;
    let hop = firstHop(call);
    for (let hops = 0; ; hops++) {
      const answer = await pathCall(call, hop, Math.max(1, endsAt - Date.now()));
      const redirect = call.redirects ? redirectOf(answer.status, answer.headers['location'], hop, url.origin) : undefined;
      if (!redirect) return answer;
      if ('refused' in redirect) throw notFollowed(answer.status, redirect.refused);
      if (hops === call.redirects) throw notFollowed(answer.status, `after ${hops} redirects; at most ${hops} are followed`);
      hop = redirect.hop;
    }
  }

  function notFollowed(status: number, why: string): GraphQLError {
    return upstreamError(options.source, `Source "${options.source}" answered HTTP ${status} ${why}`, { status });
  }

  function firstHop(call: HttpCall): Hop {
    return { method: call.method, target: basePath + call.path || '/', headers: call.headers ?? {}, body: call.body, idempotent: call.idempotent };
  }

  return {
    request(call) {
      if (call.probe) return probe(call);
      const refused = unsendable(call, options.source);
      if (refused) return Promise.reject(refused);
      if ((call.method === 'GET' || call.method === 'HEAD') && call.context) {
        // Identical reads of one request share one call, redirects and all.
        const key = `${options.source}|${call.method} ${call.path} ${JSON.stringify(call.headers ?? {})} ${call.redirects ?? 0}`;
        return oncePerRequest(call.context, key, () => follow(call));
      }
      return follow(call);
    },
    async close() {
      await pool?.close();
    },
  };
}

/** The body, or the error for one the gateway stops reading (over the source's cap, past the gateway's budget). */
function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  source: string,
  ledger: CallLedger,
  budget: number,
): Promise<Buffer | GraphQLError> {
  // Read by events rather than `for await`: an async iterator makes promises for every chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused: GraphQLError | undefined;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      refused =
        size > maxBytes
          ? upstreamError(source, `Source "${source}" sent a response larger than ${maxBytes} bytes`)
          : !ledger.take(chunk.length)
            ? overBudgetError(source, budget)
            : undefined;
      if (!refused) return void chunks.push(chunk);
      body.off('data', onData);
      body.destroy();
      resolve(refused);
    };
    body.on('data', onData);
    const stop = finished(body, (error) => {
      stop();
      if (refused) return;
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
  });
}

// What undici accepts in a request path.
const PATH = /^[\u0021-\u00ff]*$/;

/**
 * A request the HTTP client would refuse to send (a header or path it cannot encode). Each kind
 * checks its values where it can name the argument or header; this is the last line, so that no
 * such request is ever made, retried, counted as a call or held against the service.
 */
function unsendable(call: HttpCall, source: string): GraphQLError | undefined {
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (!HEADER_NAME.test(name) || !HTTP_FIELD_VALUE.test(value)) return cannotEncode(source, undefined, `header "${name}"`);
  }
  return PATH.test(call.path) ? undefined : cannotEncode(source, undefined, 'its path');
}

function cannotEncode(source: string, cause: unknown, part = 'it'): GraphQLError {
  return plexusError('BAD_USER_INPUT', `The request to source "${source}" cannot be sent: ${part} holds characters HTTP cannot carry`, {
    extensions: { source },
    cause,
  });
}

function toUpstreamError(source: string, error: unknown) {
  if (error instanceof Error && 'extensions' in error) return error;
  const code = (error as { code?: string } | undefined)?.code;
  const reason = code ?? (error instanceof Error ? error.name : 'unknown error');
  return upstreamError(source, `Source "${source}" is unreachable (${reason})`, { cause: error });
}
