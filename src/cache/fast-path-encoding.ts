import type { StoredResponse } from './response-store.js';
import { chooseEncoding } from '../compression/negotiate.js';
import { availableEncodings, compressWhole } from '../compression/encoders.js';
import { weakEtag } from '../compression/representation.js';
import type { CompressionConfig, ResponseEncoding } from '../compression/config.js';

/** How the cache fast path answers one hit: its body and the headers compression decides. */
export interface EncodedAnswer {
  body: Buffer | string;
  headers: Record<string, string>;
}

type Compressed = Partial<Record<ResponseEncoding, Buffer | Promise<Buffer> | undefined>>;

/**
 * The cache fast path's compression, by the rules of useResponseCompression: the coding the client
 * likes best, a weak ETag on compressed bytes, `Vary: Accept-Encoding`, nothing below the
 * threshold. A cached answer is compressed once per coding and kept beside its entry (a WeakMap on
 * the entry, so it goes when the entry goes): repeats of a hit cost no compression and no wait.
 */
export function createFastPathEncoding(config: CompressionConfig) {
  const encodings = config.enabled ? availableEncodings(config.encodings) : [];
  const compressed = new WeakMap<StoredResponse, Compressed>();

  const compressedOnce = (hit: StoredResponse, text: string, encoding: ResponseEncoding): Buffer | Promise<Buffer> => {
    let byEncoding = compressed.get(hit);
    if (!byEncoding) compressed.set(hit, (byEncoding = {}));
    const known = byEncoding[encoding];
    if (known) return known;
    const pending = compressWhole(Buffer.from(text), encoding).then(
      (body) => (byEncoding[encoding] = body),
      (error: unknown) => {
        // A failed compression is tried again by the next hit.
        byEncoding[encoding] = undefined;
        throw error;
      },
    );
    return (byEncoding[encoding] = pending);
  };

  return function encode(hit: StoredResponse, text: string, acceptEncoding: string | undefined): EncodedAnswer | Promise<EncodedAnswer> {
    if (encodings.length === 0) return { body: text, headers: { etag: hit.etag } };
    const encoding = chooseEncoding(acceptEncoding, encodings);
    if (encoding === undefined || Buffer.byteLength(text) < config.threshold) return { body: text, headers: { etag: hit.etag, vary: 'Accept-Encoding' } };
    const body = compressedOnce(hit, text, encoding);
    const answer = (bytes: Buffer): EncodedAnswer => ({
      body: bytes,
      headers: { etag: weakEtag(hit.etag), vary: 'Accept-Encoding', 'content-encoding': encoding },
    });
    return body instanceof Promise ? body.then(answer) : answer(body);
  };
}
