import { defineScalar } from './define.js';
import { SPECIFIED_BY } from './specs.js';
import { isUploadedFile } from './upload.js';

// graphql-scalars' Byte turns values into Buffers, which are not what a service reads from JSON.

const BASE64 = /^[A-Za-z0-9+/_-]*(={0,2})$/;

/** Base64 in either alphabet, padded or not, in the standard alphabet; undefined when it cannot be decoded. */
function base64(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = BASE64.exec(value);
  if (!match) return undefined;
  const padded = match[1] !== '';
  const fits = padded ? value.length % 4 === 0 : value.length % 4 !== 1;
  return fits ? value.replace(/-/g, '+').replace(/_/g, '/') : undefined;
}

/**
 * Binary data (protobuf `bytes`): base64 text, written in the standard alphabet. As input it also
 * takes a file of a multipart request, which passes through as the File (stitching hands variables
 * on through `serialize`), for the source to read: a client sends bytes as base64 or uploads them.
 */
export const BytesScalar = defineScalar<string | File>({
  name: 'Bytes',
  description: 'Binary data as a base64 string (standard or URL-safe alphabet); as input, also a file of a multipart request.',
  specifiedByURL: SPECIFIED_BY.base64,
  expected: 'a base64 string',
  parse: (value) => (isUploadedFile(value) ? value : base64(value)),
});
