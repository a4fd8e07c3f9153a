import type { GraphQLError } from 'graphql';
import { plexusError } from '../errors.js';

/**
 * Headers that belong to one connection or to the framing of one message (RFC 9110 section 7.6.1,
 * plus the fields the HTTP client sets itself). Copied from a client's request onto the gateway's
 * own connection, they would let the client steer that connection (`Host: evil.example`), break
 * the framing of the call, or ask for an encoding the gateway does not decode.
 */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'accept-encoding',
  'expect',
]);

/** What a header value may hold on one transport. */
export interface HeaderValueRule {
  test(value: string): boolean;
  /** For messages: "a header value may hold only …". */
  allowed: string;
}

/** An HTTP/1.1 field value as the HTTP client sends it: tab, printable ASCII, and Latin-1 bytes (obs-text). */
export const HTTP_FIELD_VALUE: HeaderValueRule = {
  test: (value) => !/[^\t\x20-\x7e\x80-\xff]/.test(value),
  allowed: 'tab, printable ASCII and Latin-1 characters (no control characters, no emoji)',
};

/** gRPC ASCII metadata: printable ASCII and space only. */
export const GRPC_METADATA_VALUE: HeaderValueRule = {
  test: (value) => /^[\x20-\x7e]*$/.test(value),
  allowed: 'printable ASCII characters',
};

/** A header name as HTTP defines a token. */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * The caller's error for a value that cannot be put into an upstream request: made before any
 * call, so it is never retried, never counted as an upstream call and never moves a breaker.
 */
export function unsendableHeader(what: string, header: string, rule: HeaderValueRule): GraphQLError {
  return plexusError('BAD_USER_INPUT', `${what} cannot be sent as header "${header}": a header value may hold only ${rule.allowed}`, {
    extensions: { header },
  });
}
