import type { Plugin } from 'graphql-yoga';
import { plexusError } from '../errors.js';
import type { PlexusContext } from '../request-state.js';

export interface BodySizeLimitOptions {
  /** `limits.maxBodySize`. */
  maxBytes: number;
  /** Requests whose parser sets limits of its own (multipart uploads). */
  except(request: Request): boolean;
}

const DIGITS = /^\d+$/;

function tooLarge() {
  return plexusError('REQUEST_ENTITY_TOO_LARGE', 'Request body too large (limits.maxBodySize)', {
    httpStatus: 413,
    extensions: { limit: 'limits.maxBodySize' },
  });
}

/**
 * `limits.maxBodySize` for every request parser but the multipart one. graphql-yoga's
 * `maxRequestBodySize` holds all parsers to one number, which would make any file over 1 MB
 * impossible; with uploads on it is off and this applies the same rule: a declared
 * Content-Length over the limit is refused before reading, and a body without one (chunked) is
 * cut off at the first byte over as it streams.
 */
export function useBodySizeLimit({ maxBytes, except }: BodySizeLimitOptions): Plugin<PlexusContext> {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (except(request)) return;
      const declared = request.headers.get('content-length');
      if (declared !== null && !DIGITS.test(declared)) throw plexusError('BAD_REQUEST', 'Content-Length header is invalid', { httpStatus: 400 });
      if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
      // Node's HTTP parser reads exactly the declared length as the body (more bytes would be the next
      // request), so only a body without one (chunked) is counted as it streams; counting costs a
      // stream pipeline per request.
      if (declared !== null || !requestParser || !request.body) return;
      setRequestParser((parsed) => {
        let read = 0;
        // The native TransformStream for a native body: the fetch ponyfill's would not take it.
        const Transform = parsed.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = parsed.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > maxBytes) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(
          new fetchAPI.Request(parsed.url, {
            method: parsed.method,
            headers: parsed.headers,
            signal: parsed.signal,
            body: counted,
            duplex: 'half',
          } as RequestInit),
        );
      });
    },
  };
}
