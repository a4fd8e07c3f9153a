import { defineScalar } from './define.js';
import { SPECIFIED_BY } from './specs.js';

/** A file of a multipart request: what the request parser put where the `map` field pointed. */
export function isUploadedFile(value: unknown): value is File {
  return value instanceof Blob && typeof (value as Partial<File>).name === 'string';
}

/**
 * A file sent with the GraphQL multipart request specification. It only ever arrives as a
 * variable (a literal cannot hold a file), and it passes through as the File itself: stitching
 * hands variables on through `serialize`, and the source that sends it needs the file, not a copy.
 */
export const UploadScalar = defineScalar<File>({
  name: 'Upload',
  description: 'A file sent as a part of a multipart request (GraphQL multipart request specification), given as a variable.',
  specifiedByURL: SPECIFIED_BY.multipartRequest,
  expected: 'a file of a multipart request, given as a variable',
  literal: () => undefined,
  parse: (value) => (isUploadedFile(value) ? value : undefined),
});
