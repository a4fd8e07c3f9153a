import zlib from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { useContentEncoding } from '@whatwg-node/server';
import { plexusError } from '../errors.js';
import type { PlexusContext } from '../request-state.js';

// What the server adapter's DecompressionStream reads: node:zlib's decoders (zstd since Node 22.15).
const DECODABLE = ['gzip', 'deflate', 'br', ...(typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function' ? ['zstd'] : [])];

export interface RequestDecompressionOptions {
  /** `limits.maxBodySize`: most bytes a body may have once decoded. */
  maxBodySize: number;
}

/**
 * Accepts request bodies sent with `Content-Encoding` (gzip, deflate, br; zstd where Node.js has
 * it), decoded as a stream by @whatwg-node/server's `useContentEncoding`. Around the library:
 * - one coding at a time (the library decodes no chains), names read case-insensitively, and an
 *   unknown coding refused with 415 and a message naming the supported ones;
 * - the decoded bytes are counted as they arrive, and the body fails with 413 once they pass
 *   `limits.maxBodySize`: a small body that would inflate past the limit is never inflated whole.
 * Registered first, because it replaces the request that every later plugin keys its state by.
 */
export function useRequestDecompression({ maxBodySize }: RequestDecompressionOptions): Plugin<PlexusContext> {
  const library = useContentEncoding();
  return {
    onRequest(payload) {
      const { request, fetchAPI, endResponse, setRequest } = payload;
      const header = request.headers.get('content-encoding');
      if (header === null || request.body === null) return;
      const codings = header
        .split(',')
        .map((coding) => coding.trim().toLowerCase())
        .filter((coding) => coding !== '' && coding !== 'identity');
      if (codings.length === 0) return;
      const coding = codings[0]!;
      if (codings.length > 1 || !DECODABLE.includes(coding)) {
        const problem = codings.length > 1 ? 'applies several codings' : 'is not supported';
        const message = `Content-Encoding "${header}" ${problem}; send the body uncompressed or in one of: ${DECODABLE.join(', ')}`;
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [plexusError('BAD_REQUEST', message).toJSON()] }), {
            status: 415,
            headers: { 'content-type': 'application/json; charset=utf-8', 'accept-encoding': DECODABLE.join(', ') },
          }),
        );
        return;
      }
      if (header !== coding) request.headers.set('content-encoding', coding);
      return library.onRequest!({
        ...payload,
        setRequest(decoded) {
          let decodedBytes = 0;
          const limited = decoded.body!.pipeThrough(
            new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                decodedBytes += chunk.byteLength;
                if (decodedBytes > maxBodySize) controller.error(tooLarge(coding, maxBodySize));
                else controller.enqueue(chunk);
              },
            }),
          );
          // The body is plain from here on: its former length and coding would only mislead.
          const headers = new fetchAPI.Headers(decoded.headers);
          headers.delete('content-encoding');
          headers.delete('content-length');
          setRequest(
            new fetchAPI.Request(decoded.url, { method: decoded.method, headers, signal: decoded.signal, body: limited, duplex: 'half' } as RequestInit),
          );
        },
      });
    },
  };
}

function tooLarge(coding: string, maxBodySize: number) {
  return plexusError('REQUEST_ENTITY_TOO_LARGE', `Request body is larger than limits.maxBodySize (${maxBodySize} bytes) once decoded from ${coding}`, {
    httpStatus: 413,
  });
}
