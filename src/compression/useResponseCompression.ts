import { Readable, pipeline } from 'node:stream';
import type { Plugin } from 'graphql-yoga';
import { chooseEncoding } from './negotiate.js';
import { compressWhole, streamCompressor } from './encoders.js';
import { isCompressible, isEventStream, varyWithAcceptEncoding, weakEtag } from './representation.js';
import type { ResponseEncoding } from './config.js';
import type { PlexusContext } from '../request-state.js';

export interface ResponseCompressionOptions {
  /** The codings to offer, in order of preference, each one this Node.js can produce. */
  encodings: readonly ResponseEncoding[];
  /** Smallest answer, in bytes, that is compressed. Streams are compressed whatever their size. */
  threshold: number;
}

/**
 * Compresses answers in the coding the client's `Accept-Encoding` likes best. It is written here
 * rather than taken from @whatwg-node/server's `useContentEncoding` (which decodes request bodies,
 * see useRequestDecompression), because that one picks the first coding named without reading
 * weights, has no size threshold, sets no `Vary`, keeps a strong `ETag` on changed bytes, and
 * holds SSE events in the compressor's window until the stream ends. Registered last, so that it
 * sees every header the other plugins set, the response cache's `ETag` and 304 included.
 */
export function useResponseCompression({ encodings, threshold }: ResponseCompressionOptions): Plugin<PlexusContext> {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const { headers, status, statusText } = response;
      const contentType = headers.get('content-type');
      // yoga marks SSE `Content-Encoding: none` to keep proxies from buffering it; flushed per event, it may be compressed.
      const present = headers.get('content-encoding');
      if ((present !== null && present !== 'none' && present !== 'identity') || (status !== 304 && !isCompressible(contentType))) return;
      // A 304 stands for the answer the client holds, so it carries the same Vary.
      headers.set('vary', varyWithAcceptEncoding(headers.get('vary')));
      const etag = headers.get('etag');
      if (status === 304) {
        // The 304 names the validator of the representation the client holds: weak if it holds compressed bytes.
        if (etag !== null && heldCompressed(request.headers.get('if-none-match'), etag)) headers.set('etag', weakEtag(etag));
        return;
      }
      const encoding = chooseEncoding(request.headers.get('accept-encoding'), encodings);
      if (encoding === undefined || status === 204 || response.body === null) return;
      // Compressed bytes are another representation of the same content: their validator turns weak.
      const compressedHeaders = () => {
        headers.set('content-encoding', encoding);
        if (etag !== null) headers.set('etag', weakEtag(etag));
      };

      if (isEventStream(contentType)) {
        const compressor = streamCompressor(encoding);
        // Ends (or fails) with its source; a client that leaves destroys the compressor, which cancels the source.
        pipeline(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>), compressor, () => {});
        headers.delete('content-length');
        compressedHeaders();
        // The server adapter's Response takes a Node.js stream as it is and pipes it to the socket.
        setResponse(new fetchAPI.Response(compressor as unknown as BodyInit, { status, statusText, headers }));
        return;
      }

      const declared = Number(headers.get('content-length') ?? Number.NaN);
      if (declared < threshold) return;
      const body = Buffer.from(await response.arrayBuffer());
      if (body.byteLength < threshold) {
        setResponse(new fetchAPI.Response(body, { status, statusText, headers }));
        return;
      }
      const compressed = await compressWhole(body, encoding);
      compressedHeaders();
      headers.set('content-length', String(compressed.byteLength));
      setResponse(new fetchAPI.Response(compressed as Buffer<ArrayBuffer>, { status, statusText, headers }));
    },
  };
}

/** True when `If-None-Match` names the weak form of `etag`: the client holds the compressed answer. */
function heldCompressed(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null || etag.startsWith('W/')) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim() === `W/${etag}`);
}
