import { GraphQLError, print, type ValueNode } from 'graphql';
import { plexusError } from '../errors.js';

/** A refused value as messages show it: JSON text (a literal as written), cut short. */
function shown(value: unknown, node?: ValueNode): string {
  let text: string;
  try {
    text = node ? print(node) : typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A client's value that a scalar refuses: BAD_USER_INPUT, HTTP 400. From parseValue, graphql-js
 * wraps it in the variable's request error, which keeps these extensions; from parseLiteral it is
 * reported as thrown, so it carries the literal's location itself. `spec: false` keeps the 400 for
 * `application/json` too, where graphql-yoga would answer a validation error with 200: a refused
 * value is answered like every other BAD_USER_INPUT request error of the gateway.
 */
export function invalidInput(scalar: string, value: unknown, expected: string, node?: ValueNode): GraphQLError {
  const message = `${scalar} cannot represent ${shown(value, node)}: expected ${expected}`;
  const { extensions } = plexusError('BAD_USER_INPUT', message);
  return new GraphQLError(message, { ...(node && { nodes: node }), extensions: { ...extensions, http: { status: 400, spec: false } } });
}

/** A service's value that a scalar cannot write: the field fails, and the message says whose value it was. */
export function invalidOutput(scalar: string, value: unknown, expected: string): GraphQLError {
  return plexusError('UPSTREAM_ERROR', `${scalar} cannot represent ${shown(value)} from the service: expected ${expected}`);
}
