import { isInteger, isSafeNumber, parse } from 'lossless-json';
import { upstreamError } from '../../errors.js';
import type { HttpAnswer } from '../../upstream/http-client.js';
import type { ResponsePlan } from './responses.js';

/** How much of an upstream error body is quoted in the GraphQL error message. */
const EXCERPT_LENGTH = 200;

/**
 * Reads a service's answer as the value of the root field. A status outside 2xx is an
 * UPSTREAM_ERROR carrying the status and a short excerpt of what the service said.
 */
export function readAnswer(source: string, plan: ResponsePlan, answer: HttpAnswer): unknown {
  if (answer.status < 200 || answer.status >= 300) {
    const said = excerpt(answer.body);
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status}${said ? `: ${said}` : ''}`, { status: answer.status });
  }
  if (plan.kind === 'empty') return true;
  if (plan.kind === 'binary') return answer.body.toString('base64');
  const text = answer.body.toString('utf8');
  if (plan.kind === 'text') return text;
  if (text.trim() === '') return null;
  try {
    return parseJson(text);
  } catch {
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status} with a body that is not valid JSON`, { status: answer.status });
  }
}

/**
 * JSON.parse, except when the text holds an integer too long for a double: then the lossless
 * parser keeps such integers exact, as bigints (int64 ids, amounts).
 */
export function parseJson(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  return parse(text, null, (digits) => (isInteger(digits) && !isSafeNumber(digits) ? BigInt(digits) : Number(digits)));
}

/** The service's own message when its error body has one (`message`, `error`, `detail`, ...), else the start of the body. */
function excerpt(body: Buffer): string {
  const text = body.subarray(0, 64 * 1024).toString('utf8').trim();
  let said = text;
  try {
    said = messageOf(JSON.parse(text)) ?? text;
  } catch {
    // Not JSON: quote the text.
  }
  const line = said.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

function messageOf(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  if (payload === null || typeof payload !== 'object') return undefined;
  const record = payload as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'detail', 'title', 'error', 'errors']) {
    const value = record[key];
    const found = Array.isArray(value) ? messageOf(value[0]) : messageOf(value);
    if (found) return found;
  }
  return undefined;
}
