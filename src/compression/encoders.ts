import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { promisify } from 'node:util';
import type { ResponseEncoding } from './config.js';

// zstd came to node:zlib in Node 22.15 and 23.8; the typings of Node 20 do not know it.
interface ZstdApi {
  createZstdCompress(options: object): Transform;
  zstdCompress(input: Buffer, options: object, callback: (error: Error | null, result: Buffer) => void): void;
}
const zstd = (typeof (zlib as Partial<ZstdApi>).createZstdCompress === 'function' ? zlib : undefined) as ZstdApi | undefined;
const constants = zlib.constants as unknown as Record<string, number | undefined>;
const ZSTD_E_FLUSH = constants['ZSTD_e_flush'] ?? 1;
const ZSTD_C_COMPRESSION_LEVEL = constants['ZSTD_c_compressionLevel'] ?? 100;

// Answers are compressed as they are made, so speed matters more than the last percent: brotli's
// default quality (11) takes tens of milliseconds on a 100 KB answer, quality 5 about one, for
// nearly the same size. gzip's default level 6 and zstd's 3 are already such a compromise.
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;
const ZSTD_LEVEL = 3;

const brotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
const zstdOptions = { params: { [ZSTD_C_COMPRESSION_LEVEL]: ZSTD_LEVEL } };
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** The codings of `wanted` that this Node.js can produce, in the same order. */
export function availableEncodings(wanted: readonly ResponseEncoding[]): ResponseEncoding[] {
  return wanted.filter((encoding) => encoding !== 'zstd' || zstd !== undefined);
}

/** A whole answer, compressed on the thread pool. */
export function compressWhole(body: Buffer, encoding: ResponseEncoding): Promise<Buffer> {
  switch (encoding) {
    case 'gzip':
      return gzip(body, { level: GZIP_LEVEL });
    case 'br':
      return brotli(body, brotliOptions);
    case 'zstd':
      return new Promise((resolve, reject) => zstd!.zstdCompress(body, zstdOptions, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

/**
 * A compressor for a stream of events (SSE, multipart): it flushes after every chunk written, so
 * each event leaves as soon as it is made instead of waiting in the compressor's window.
 */
export function streamCompressor(encoding: ResponseEncoding): Transform {
  switch (encoding) {
    case 'gzip':
      return zlib.createGzip({ level: GZIP_LEVEL, flush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliCompress({ ...brotliOptions, flush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case 'zstd':
      return zstd!.createZstdCompress({ ...zstdOptions, flush: ZSTD_E_FLUSH });
  }
}
