import { createHandler } from 'graphql-sse/lib/use/fetch';
import { throughYoga, type HandleRequest } from './through-yoga.js';

type FetchAPI = { Response: typeof Response; ReadableStream: typeof ReadableStream; TextEncoder: typeof TextEncoder };
type ServerContext = Record<string, unknown> & { req?: unknown };

export interface ReservedStreamOptions {
  token: string;
  handle: HandleRequest;
  fetchAPI: FetchAPI;
  /** The server context of each operation: its schema generation, held while it runs. */
  hold?: () => { context: Record<string, unknown>; release(): void };
}

export interface ReservedStream {
  /** graphql-sse's handler of this one stream: the PUT that registers it, operations, DELETE. */
  handler(request: Request, serverContext: ServerContext): Promise<Response>;
  /** Opens the stream; `onEnd` runs once when it ends or the client goes away. */
  open(request: Request, serverContext: ServerContext, onEnd: () => void): Promise<Response>;
  /** Stops every operation of the stream. */
  close(): void;
}

/** One reserved single-connection stream: graphql-sse's protocol, its operations run through yoga. */
export function createReservedStream({ token, handle, fetchAPI, hold }: ReservedStreamOptions): ReservedStream {
  const operations = new Set<{ stop(): void }>();
  // graphql-sse hands its hooks the original request; this finds the connection it came on.
  const contexts = new WeakMap<Request, ServerContext>();

  const protocol = createHandler(
    {
      authenticate: () => token,
      onSubscribe(request, params) {
        const held = hold?.();
        const serverContext = { ...held?.context, ...(contexts.get(request.raw)?.req !== undefined && { req: contexts.get(request.raw)!.req }) };
        let ended = false;
        const operation = {
          stop() {
            if (ended) return;
            ended = true;
            operations.delete(operation);
            held?.release();
            void results.return(undefined);
          },
        };
        const results = throughYoga(handle, request.raw, params, serverContext, () => operation.stop());
        operations.add(operation);
        return results;
      },
    },
    fetchAPI,
  );

  return {
    handler(request, serverContext) {
      contexts.set(request, serverContext);
      return protocol(request);
    },
    async open(request, serverContext, onEnd) {
      contexts.set(request, serverContext);
      const response = await protocol(request);
      if (!response.body) {
        onEnd();
        return response;
      }
      return new fetchAPI.Response(endingWith(response.body, fetchAPI, onEnd), { status: response.status, headers: response.headers });
    },
    close() {
      for (const operation of [...operations]) operation.stop();
    },
  };
}

/** The same body, calling `onEnd` once when it is read to its end or cancelled (the client left). */
function endingWith(body: ReadableStream<Uint8Array>, fetchAPI: FetchAPI, onEnd: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  return new fetchAPI.ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        end();
      } else controller.enqueue(value);
    },
    async cancel(reason) {
      end();
      await reader.cancel(reason);
    },
  });
}
