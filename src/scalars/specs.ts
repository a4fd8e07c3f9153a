/** Where each shared scalar's text form is defined; a service's scalar that cites the same URL means the same. */
export const SPECIFIED_BY = {
  /** The protobuf JSON mapping: 64-bit integers as decimal strings, durations, field masks. */
  protobufJson: 'https://protobuf.dev/programming-guides/json/',
  rfc3339: 'https://www.rfc-editor.org/rfc/rfc3339',
  base64: 'https://www.rfc-editor.org/rfc/rfc4648',
  json: 'https://www.rfc-editor.org/rfc/rfc8259',
  multipartRequest: 'https://github.com/jaydenseric/graphql-multipart-request-spec',
  /** ECMAScript's safe integers, the URL graphql-scalars' SafeInt cites too, so that a GraphQL service's SafeInt means the same. */
  safeInteger: 'https://www.ecma-international.org/ecma-262/#sec-number.issafeinteger',
} as const;
