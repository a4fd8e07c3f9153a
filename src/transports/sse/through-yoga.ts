import type { ExecutionResult } from 'graphql';
import { TOKEN_HEADER_KEY, TOKEN_QUERY_KEY, type RequestParams } from 'graphql-sse';

/** Answers a request the way a client of the gateway would be answered: every yoga and envelop plugin runs. */
export type HandleRequest = (request: Request, serverContext: Record<string, unknown>) => Promise<Response>;

/**
 * Runs one operation of a single-connection SSE stream as if the client had sent it on a
 * connection of its own (`POST` with `Accept: text/event-stream`, the client's headers), and yields
 * its results. Going through yoga's whole request path, rather than straight to execution, is what
 * gives these operations the same CSRF, auth, trusted documents, limits, rate limit, metrics and
 * logs as any other.
 *
 * `return()` stops the operation at once, even while it waits for its next event (an async
 * generator would only see it at its next `yield`): DELETE and a closed stream must not wait for
 * a quiet subscription to speak.
 */
export function throughYoga(
  handle: HandleRequest,
  request: Request,
  params: RequestParams,
  serverContext: Record<string, unknown>,
  onEnd: () => void,
): AsyncGenerator<ExecutionResult> {
  const stop = new AbortController();
  const results = run(handle, operationRequest(request, params), serverContext, stop.signal, onEnd);
  return {
    next: () => results.next(),
    return(value) {
      stop.abort();
      return results.return(value);
    },
    throw(error) {
      stop.abort();
      return results.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<ExecutionResult>;
}

/** The request the client would have sent for this one operation on a connection of its own. */
function operationRequest(request: Request, params: RequestParams): Request {
  const { operationId: _operationId, ...extensions } = params.extensions ?? {};
  const headers = new Headers(request.headers);
  // The operation's events are read here, not by the client: they come back uncompressed (the stream they join is compressed as a whole).
  for (const name of [TOKEN_HEADER_KEY, 'content-length', 'content-encoding', 'transfer-encoding', 'accept-encoding']) headers.delete(name);
  headers.set('accept', 'text/event-stream');
  headers.set('content-type', 'application/json');
  const url = new URL(request.url);
  url.searchParams.delete(TOKEN_QUERY_KEY);
  const body = {
    query: params.query,
    variables: params.variables,
    operationName: params.operationName,
    ...(Object.keys(extensions).length > 0 && { extensions }),
  };
  return new Request(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function* run(
  handle: HandleRequest,
  request: Request,
  serverContext: Record<string, unknown>,
  signal: AbortSignal,
  onEnd: () => void,
): AsyncGenerator<ExecutionResult> {
  try {
    yield* results(await handle(request, serverContext), signal);
  } finally {
    onEnd();
  }
}

async function* results(response: Response, signal: AbortSignal): AsyncGenerator<ExecutionResult> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    yield (await response.json()) as ExecutionResult;
    return;
  }
  const reader = response.body!.getReader();
  // Cancelling the body ends yoga's stream, which returns the subscription's iterator upstream.
  const cancel = () => void reader.cancel().catch(() => {});
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for await (const event of readEvents(reader)) {
      if (event.event === 'next' && event.data) yield JSON.parse(event.data) as ExecutionResult;
      if (event.event === 'complete') return;
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    cancel();
  }
}

/** The events of a `text/event-stream` body as yoga writes it; comments (keep-alives) are skipped. */
async function* readEvents(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = '';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (event !== '') yield { event, data: data.join('\n') };
    }
  }
}
