import { Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { GraphQLError } from 'graphql';
import { plexusError } from '../errors.js';
import { invalidMultipart, placeFile, readMap, readOperations, type FileMap } from './operations-map.js';
import type { Spool } from './spool.js';

/** A `multipart/form-data` POST: a GraphQL multipart request. */
export function isMultipartRequest(request: Request): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return request.method === 'POST' && type === 'multipart/form-data';
}

export interface MultipartLimits {
  /** Largest `operations` or `map` field (`limits.maxBodySize`). */
  maxFieldSize: number;
  /** `uploads.maxFileSize`. */
  maxFileSize: number;
  /** `uploads.maxFiles`. */
  maxFiles: number;
}

function tooLarge(message: string, limit: string): GraphQLError {
  return plexusError('REQUEST_ENTITY_TOO_LARGE', `${message} (${limit})`, { httpStatus: 413, extensions: { limit } });
}

/**
 * Reads a GraphQL multipart request as it streams in: `operations`, then `map`, then the files,
 * each written to the spool and put where `map` points. @fastify/busboy (the parser behind
 * `Request.formData()` in the whatwg-node server) does the parsing; the limits stop a request
 * at the first byte past them, before any source is called. Resolves to the request's params
 * (one operation, or a batch), the files in them.
 */
export function readMultipartRequest(request: Request, limits: MultipartLimits, spool: Spool): Promise<Record<string, unknown> | unknown[]> {
  const tooManyFiles = () => tooLarge(`A request may carry at most ${limits.maxFiles} files`, 'uploads.maxFiles');
  return new Promise((resolve, reject) => {
    if (!request.body) return reject(invalidMultipart('the body is empty'));
    let parser: BusboyInstance;
    try {
      parser = Busboy({
        headers: { 'content-type': request.headers.get('content-type') ?? '' },
        limits: { fieldSize: limits.maxFieldSize, fields: 2, fileSize: limits.maxFileSize, files: limits.maxFiles, parts: limits.maxFiles + 2 },
      });
    } catch (error) {
      return reject(invalidMultipart(error instanceof Error ? error.message : String(error)));
    }
    const input = Readable.from(request.body as unknown as AsyncIterable<Uint8Array>, { objectMode: false });
    let operations: Record<string, unknown> | unknown[] | undefined;
    let map: FileMap | undefined;
    const received = new Set<string>();
    const writes: Promise<void>[] = [];
    // Files being written: the parser does not end them when it is destroyed, so a refusal does.
    const open = new Set<Readable>();
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      input.unpipe(parser);
      parser.destroy();
      for (const stream of open) stream.destroy();
      discardRest(input, limits.maxFiles * limits.maxFileSize + 2 * limits.maxFieldSize);
      reject(error);
    };
    const guard = (step: () => void) => {
      try {
        step();
      } catch (error) {
        fail(error);
      }
    };

    parser.on('field', (name, value, _nameTruncated, valueTruncated) =>
      guard(() => {
        if (valueTruncated) throw tooLarge(`The "${name}" field is larger than ${limits.maxFieldSize} bytes`, 'limits.maxBodySize');
        if (name === 'operations' && operations === undefined) operations = readOperations(value);
        else if (name === 'map' && operations !== undefined && map === undefined) {
          map = readMap(value);
          if (map.size > limits.maxFiles) throw tooManyFiles();
        } else throw invalidMultipart(`unexpected field "${name}": a request sends "operations", then "map", then the files`);
      }),
    );
    parser.on('file', (name, stream, filename, _encoding, mimeType) => {
      const paths = map?.get(name);
      // A part no path names is nobody's file: read past it.
      if (!paths || received.has(name) || !operations) {
        stream.resume();
        if (!map) fail(invalidMultipart('a file came before the "operations" and "map" fields'));
        return;
      }
      received.add(name);
      open.add(stream);
      stream.once('close', () => open.delete(stream));
      stream.on('limit', () => fail(tooLarge(`The file "${filename}" is larger than ${limits.maxFileSize} bytes`, 'uploads.maxFileSize')));
      const target = operations;
      writes.push(spool.write(stream, filename, mimeType).then((file) => guard(() => paths.forEach((path) => placeFile(target, path, file))), fail));
    });
    parser.on('filesLimit', () => fail(tooManyFiles()));
    parser.on('partsLimit', () => fail(tooManyFiles()));
    parser.on('fieldsLimit', () => fail(invalidMultipart('a request sends two fields, "operations" and "map", then the files')));
    parser.on('error', (error: unknown) => fail(invalidMultipart(error instanceof Error ? error.message : String(error))));
    parser.on('finish', () => {
      void Promise.all(writes).then(() =>
        guard(() => {
          if (settled) return;
          if (!operations) throw invalidMultipart('the "operations" field is missing');
          const missing = [...(map?.keys() ?? [])].filter((name) => !received.has(name));
          if (missing.length > 0) throw invalidMultipart(`the file part "${missing[0]}" named in "map" is missing`);
          settled = true;
          resolve(operations);
        }),
      );
    });
    // The client went away, or the body broke off: nothing to answer, the request is over.
    input.on('error', fail);
    input.pipe(parser);
  });
}

/**
 * Reads past the rest of a refused request, up to what an accepted one could hold, so that the
 * client, still sending, gets to read the answer; past that, the connection is closed.
 */
function discardRest(input: Readable, limit: number): void {
  let read = 0;
  input.on('error', () => {});
  input.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit) input.destroy();
  });
}
