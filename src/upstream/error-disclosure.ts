import type { Logger } from '../logger.js';
import { requestIdFromContext } from '../observability/request-id.js';

/** How much of what a service said is kept, in the log or (when exposed) in the message. */
const EXCERPT_LENGTH = 200;

/**
 * What a service wrote in a failed answer (an HTTP error body, a gRPC status message, the errors
 * of a failed GraphQL answer) may hold its internals: stack traces, queries, credentials. It is
 * always logged, under the request id, and shown to clients only for sources trusted with
 * `exposeErrors`; otherwise clients see the source, the status and a fixed message.
 */
export interface ErrorDisclosure {
  /** The source's `exposeErrors`. */
  expose: boolean;
  /** The source's logger. */
  logger: Logger;
}

export interface FailedAnswer {
  /** The GraphQL request the call served, for its request id. */
  context: unknown;
  /** `HTTP 500`, `NOT_FOUND`, ...: the status as the fixed message names it. */
  status: string;
  /** What the service said, as text. */
  said: string;
  /** Server failures are logged as warnings, refusals of a request as information. */
  serverFailure: boolean;
}

/** Logs what the service said and returns the part of it a client may see: the excerpt when exposed, else nothing. */
export function discloseFailure(disclosure: ErrorDisclosure, answer: FailedAnswer): string | undefined {
  const said = excerpt(answer.said);
  if (said) {
    const requestId = requestIdFromContext(answer.context);
    const line = { ...(requestId !== undefined && { requestId }), upstreamStatus: answer.status, upstreamMessage: said };
    if (answer.serverFailure) disclosure.logger.warn(line, 'source answered with a failure');
    else disclosure.logger.info(line, 'source refused a request');
  }
  return disclosure.expose && said ? said : undefined;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
