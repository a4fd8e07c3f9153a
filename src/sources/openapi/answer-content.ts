import type { HttpAnswer } from '../../upstream/http-client.js';
import { essence, isJson, isText } from './media-types.js';

/** What an answer's `Content-Type` says its body is. */
export interface AnswerContent {
  /** The media type without parameters (`text/plain`); undefined when the answer names none. */
  type: string | undefined;
  /** `json` is parsed, `text` read in its charset, `bytes` kept as they are; undefined: as declared. */
  kind: 'json' | 'text' | 'bytes' | undefined;
  /** The `charset` parameter, lower-cased; JSON and text without one are UTF-8. */
  charset: string;
}

export function answerContent(answer: HttpAnswer): AnswerContent {
  const header = answer.headers['content-type'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return { type: undefined, kind: undefined, charset: 'utf-8' };
  const type = essence(value);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1]?.toLowerCase() ?? 'utf-8';
  return { type, kind: isJson(type) ? 'json' : isText(type) ? 'text' : 'bytes', charset };
}

/**
 * The body as text in `charset`; undefined when the bytes are not text in it (or the charset is
 * unknown), so that no character is silently replaced.
 */
export function decodeText(body: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
