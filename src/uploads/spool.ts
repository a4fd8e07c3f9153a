import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where the files of one request wait on disk while the request runs. */
export interface Spool {
  /** Writes a file part to disk as it arrives; the File reads it back from there, in chunks. */
  write(stream: Readable, filename: string, type: string): Promise<File>;
  /** Deletes the request's files; safe to call more than once. */
  dispose(): Promise<void>;
}

/**
 * Files go to disk, not memory: a 1 GB upload costs the gateway a 1 GB file for the request's
 * life and a few chunks of memory at a time. A file-backed Blob (`fs.openAsBlob`) reads lazily,
 * so the HTTP client streams it to the service, and again on a retry or a redirect.
 */
export function createSpool(): Spool {
  let dir: Promise<string> | undefined;
  let count = 0;
  let disposed = false;
  return {
    async write(stream, filename, type) {
      if (disposed) {
        stream.resume();
        throw new Error('the request has ended');
      }
      dir ??= mkdtemp(join(tmpdir(), 'plexus-upload-'));
      const path = join(await dir, String(count++));
      await pipeline(stream, createWriteStream(path));
      const blob = await openAsBlob(path, { type });
      // Composing a File of the Blob copies no bytes: it refers to the same file on disk.
      return new File([blob], filename, { type });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (dir) await rm(await dir, { recursive: true, force: true });
    },
  };
}
