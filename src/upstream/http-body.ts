import type { FormData } from 'undici';

/**
 * A request body. A Blob (an uploaded file on disk) or a FormData holding them is streamed as it
 * is sent and read afresh on a retry or a redirect; nothing here holds a file whole in memory.
 */
export type HttpBody = string | Buffer | Blob | FormData;
