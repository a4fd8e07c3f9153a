import { isInteger, isSafeNumber, parse } from 'lossless-json';
import type { GraphQLError } from 'graphql';
import { upstreamError } from '../../errors.js';
import { discloseFailure, type ErrorDisclosure } from '../../upstream/error-disclosure.js';
import type { HttpAnswer } from '../../upstream/http-client.js';
import { answerContent, decodeText, type AnswerContent } from './answer-content.js';
import { redirectResult } from './redirect-result.js';
import type { ResponsePlan } from './responses.js';

/** Where an answer is read: which source, and what may be told of its failures. */
export interface AnswerReader {
  source: string;
  errors: ErrorDisclosure;
}

/**
 * Reads a service's answer as the value of the root field. A status outside 2xx is an
 * UPSTREAM_ERROR carrying the status; what the service said is logged, and quoted only for a
 * source that exposes its errors.
 */
export function readAnswer(reader: AnswerReader, plan: ResponsePlan, answer: HttpAnswer, context: unknown): unknown {
  const { source } = reader;
  if (plan.form === 'redirect' && answer.status >= 200 && answer.status < 400) return redirectResult(source, answer);
  if (answer.status < 200 || answer.status >= 300) {
    const said = discloseFailure(reader.errors, {
      context,
      status: `HTTP ${answer.status}`,
      said: messageOfBody(answer.body),
      serverFailure: answer.status >= 500,
    });
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status}${said ? `: ${said}` : ''}`, { status: answer.status });
  }
  if (plan.form === 'empty') return true;
  if (plan.form === 'base64') return answer.body.toString('base64');
  // An empty body (a 200 with nothing in it) says nothing, whatever its Content-Type.
  if (answer.body.length === 0) return plan.form === 'text' ? '' : null;
  // The answer's Content-Type decides how its body is decoded; without one, the declaration does.
  const content = answerContent(answer);
  const kind = content.kind ?? (plan.form === 'text' ? 'text' : 'json');
  if (kind === 'bytes' || (kind === 'text' && plan.form === 'value' && !plan.holdsText)) throw mismatch(reader, plan, answer, content, context);
  const text = decodeText(answer.body, content.charset);
  if (text === undefined)
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status} with text that is not valid ${content.charset}`, { status: answer.status });
  if (kind === 'text' || plan.form === 'text') return text;
  if (text.trim() === '') return null;
  try {
    return parseJson(text);
  } catch {
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status} with a body that is not valid JSON`, { status: answer.status });
  }
}

/**
 * A 2xx answer of a media type the field cannot hold (text for an object type, bytes for text).
 * Its body may be an error page: logged, and quoted only for a source that exposes its errors.
 */
function mismatch(reader: AnswerReader, plan: ResponsePlan, answer: HttpAnswer, content: AnswerContent, context: unknown): GraphQLError {
  const { source } = reader;
  const readable = content.kind === 'text' ? decodeText(answer.body, content.charset) : undefined;
  const said =
    readable === undefined ? undefined : discloseFailure(reader.errors, { context, status: `HTTP ${answer.status}`, said: readable, serverFailure: true });
  const message = `Source "${source}" answered HTTP ${answer.status} with ${content.type} where ${plan.declared} is declared`;
  return upstreamError(source, `${message}${said ? `: ${said}` : ''}`, { status: answer.status });
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
function messageOfBody(body: Buffer): string {
  const text = body
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .trim();
  try {
    return messageOf(JSON.parse(text)) ?? text;
  } catch {
    // Not JSON: the text itself.
    return text;
  }
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
