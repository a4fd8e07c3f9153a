import { isAsyncIterable, processRegularResult, type Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { isUserFacing, plexusError } from '../errors.js';

type ResultProcessor = Parameters<Required<Plugin>['onResultProcess']>[0]['setResultProcessor'] extends (processor: infer P, mediaType: string) => void
  ? P
  : never;
type ProcessorInput = Parameters<ResultProcessor>[0];
type FetchAPI = Parameters<ResultProcessor>[1];

/**
 * The multipart subscription protocol of Apollo Client and the Apollo Router: one part per event,
 * `{"payload": <result>}`; an empty `{}` part as a heartbeat; a failure of the stream itself as
 * `{"payload": null, "errors": [...]}`; then the closing boundary.
 */
export const MULTIPART_SUBSCRIPTION_CONTENT_TYPE = 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"';
const DELIMITER = '\r\n--graphql';
const PART_HEADERS = '\r\nContent-Type: application/json; charset=utf-8\r\n\r\n';
const CLOSE = '\r\n--graphql--\r\n';

export interface MultipartSubscriptionOptions {
  /** Interval of the `{}` heartbeat part, in milliseconds. */
  heartbeatMs: number;
  /** Called with a failure of the stream that is not a GraphQL error, before it is masked. */
  onInternalError(error: unknown): void;
}

/** A yoga result processor writing a subscription's events in the multipart subscription protocol. */
export function multipartSubscriptionProcessor({ heartbeatMs, onInternalError }: MultipartSubscriptionOptions): ResultProcessor {
  return (result, fetchAPI) => {
    const encoder = new fetchAPI.TextEncoder();
    const results = toAsyncIterator(result);
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const body = new fetchAPI.ReadableStream<Uint8Array>({
      start(controller) {
        const write = (text: string) => controller.enqueue(encoder.encode(text));
        heartbeat = setInterval(() => write(`${DELIMITER}${PART_HEADERS}{}`), heartbeatMs);
        void (async () => {
          try {
            for (;;) {
              const { done, value } = await results.next();
              if (done) break;
              write(`${DELIMITER}${PART_HEADERS}{"payload":${await serialize(value, fetchAPI)}}`);
            }
          } catch (error) {
            if (!isUserFacing(error)) onInternalError(error);
            const shown = isUserFacing(error) ? error : plexusError('INTERNAL_SERVER_ERROR', 'The subscription stream failed');
            write(
              `${DELIMITER}${PART_HEADERS}{"payload":null,"errors":[${JSON.stringify({ message: shown.message, extensions: { code: shown.extensions['code'] } })}]}`,
            );
          } finally {
            clearInterval(heartbeat);
          }
          write(CLOSE);
          controller.close();
        })().catch(() => {
          // The client went away while a part was written: cancel() below already stopped the stream.
        });
      },
      async cancel() {
        clearInterval(heartbeat);
        await results.return?.();
      },
    });
    return new fetchAPI.Response(body, { status: 200, headers: { 'content-type': MULTIPART_SUBSCRIPTION_CONTENT_TYPE, 'cache-control': 'no-cache' } });
  };
}

/** One result as yoga writes it in JSON: internal extensions (`http`) left out, errors masked already. */
async function serialize(result: ExecutionResult, fetchAPI: FetchAPI): Promise<string> {
  return processRegularResult(result, fetchAPI, 'application/json').text();
}

function toAsyncIterator(result: ProcessorInput): AsyncIterator<ExecutionResult> {
  if (isAsyncIterable(result)) return result[Symbol.asyncIterator]();
  // A refusal before the stream started (auth, limits, validation): one event, then the end.
  const single = Array.isArray(result) ? result : [result];
  return (async function* () {
    yield* single;
  })();
}
