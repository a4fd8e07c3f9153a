import { plexusError } from '../../errors.js';
import { isUploadedFile } from '../../scalars/upload.js';

/**
 * Puts the bytes of each uploaded file in a request's arguments where the file was (a `bytes`
 * field takes a base64 string or a file). A unary gRPC request is one message sent whole, so the
 * files are read into memory here; together they may not pass the source's `maxMessageBytes`,
 * which bounds what this buffers per call. Arguments without files are returned as they are.
 */
export async function readUploads(args: unknown, maxBytes: number, source: string): Promise<unknown> {
  const files: File[] = [];
  collect(args, files);
  if (files.length === 0) return args;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > maxBytes) {
    throw plexusError(
      'BAD_USER_INPUT',
      `The files sent to source "${source}" hold ${total} bytes; a message to it may hold at most ${maxBytes} (maxMessageBytes)`,
      {
        extensions: { source },
      },
    );
  }
  const bytes = new Map(await Promise.all(files.map(async (file) => [file, Buffer.from(await file.arrayBuffer())] as const)));
  return replace(args, bytes);
}

function collect(value: unknown, files: File[]): void {
  if (isUploadedFile(value)) files.push(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, files);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collect(item, files);
}

function replace(value: unknown, bytes: ReadonlyMap<File, Buffer>): unknown {
  if (isUploadedFile(value)) return bytes.get(value);
  if (Array.isArray(value)) return value.map((item) => replace(item, bytes));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item, bytes)]));
  return value;
}
