import type { GraphQLField } from 'graphql';
import { LosslessNumber } from 'lossless-json';
import { compareValue, expectedRoot, type Difference } from './openapi-compare.js';
import type { MockRequest } from './openapi-mock.js';
import type { Selection } from './openapi-selection.js';

/** How one operation went, with the reason when it did not work. */
export type Outcome =
  | { kind: 'ok' }
  /** The mock found the request the gateway sent invalid for the document. */
  | { kind: 'refused'; problems: string[] }
  /**
   * The document declares no success answer, so the mock answered with one of its errors, and the
   * gateway reported it as UPSTREAM_ERROR with that status: right, but no data to compare.
   */
  | { kind: 'error-answer'; status: number }
  /** The gateway answered with an error (its code and message), after calling the mock or not. */
  | { kind: 'gateway-error'; code: string; message: string; path: string; calls: number }
  /** The gateway's data and the mock's answer differ. */
  | { kind: 'mismatch'; differences: Difference[] }
  /**
   * The gateway failed or differed on an answer the mock generated against the document (a required
   * property left out of a deep cycle, say): the mock's slip first, whatever the gateway made of it.
   */
  | { kind: 'mock-answer-invalid'; problems: string[]; gateway: Outcome }
  /** The mock could not answer a valid request: a limit of the mock, not of the gateway. */
  | { kind: 'mock-failed'; problems: string[] }
  /** The gateway offers no Query field for the operation (skipped while mapping, with the reason). */
  | { kind: 'not-offered'; reason: string }
  /** No argument value valid for the document could be made. */
  | { kind: 'no-arguments'; problems: string[] }
  /** The gateway answered without error but made no call, or several. */
  | { kind: 'calls'; calls: number };

export interface Exchange {
  field: GraphQLField<unknown, unknown>;
  selection: Selection;
  answer: { status: number; body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] } };
  /** What the mock received for this GraphQL request. */
  calls: MockRequest[];
  /** Turns the mock's answer into the field's expected value, when the call was not the operation's own (a batch call). */
  pick?: ((answer: unknown) => unknown) | undefined;
}

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/**
 * Judges one exchange. A refusal by the mock comes first: it explains whatever error the gateway
 * then reports. A gateway error or a difference on an answer that breaks the document is the
 * mock's slip before it is the gateway's, and is told apart.
 */
export function classify({ field, selection, answer, calls, pick }: Exchange): Outcome {
  const refused = calls.find((call) => call.verdict === 'refused');
  if (refused) return { kind: 'refused', problems: refused.problems };
  const failed = calls.find((call) => call.verdict === 'failed');
  if (failed) return { kind: 'mock-failed', problems: failed.problems };
  const outcome = judgeAnswer(field, selection, answer, calls, pick);
  const answerProblems = calls.flatMap((call) => call.answerProblems);
  return outcome.kind === 'ok' || answerProblems.length === 0 ? outcome : { kind: 'mock-answer-invalid', problems: answerProblems, gateway: outcome };
}

function judgeAnswer(field: Exchange['field'], selection: Selection, answer: Exchange['answer'], calls: MockRequest[], pick: Exchange['pick']): Outcome {
  const [error] = answer.body.errors ?? [];
  const [call] = calls;
  if (error && calls.length === 1 && call!.status >= 400 && error.extensions?.code === 'UPSTREAM_ERROR') return { kind: 'error-answer', status: call!.status };
  if (error)
    return {
      kind: 'gateway-error',
      code: error.extensions?.code ?? `HTTP ${answer.status}`,
      message: error.message,
      path: (error.path ?? []).join('.'),
      calls: calls.length,
    };
  if (!call || calls.length > 1) return { kind: 'calls', calls: calls.length };
  const actual = answer.body.data?.[field.name];
  // No content says nothing but that: the gateway may call it null, empty text or true (a Boolean field).
  if (call.body.length === 0 && call.location === undefined)
    return [null, '', true].includes(actual as never)
      ? { kind: 'ok' }
      : { kind: 'mismatch', differences: [{ path: field.name, type: String(field.type), expected: 'no content', actual }] };
  const differences: Difference[] = [];
  const read = call.location === undefined ? expectedRoot(field.type, call.contentType, call.body) : redirectOf(call, call.location);
  const expected = pick ? pick(read) : read;
  compareValue(field.type, selection, actual, expected, field.name, differences);
  return differences.length > 0 ? { kind: 'mismatch', differences } : { kind: 'ok' };
}

/** A redirect as the gateway hands it on: the absolute URL of its Location (read against the request's URL), and its status. */
function redirectOf(call: MockRequest, location: string): unknown {
  return { location: new URL(location, `http://${call.headers.host}${call.url}`).href, status: new LosslessNumber(String(call.status)) };
}
