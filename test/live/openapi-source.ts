import type { OpenapiMock } from './openapi-mock.js';

/**
 * Forwarded to the mock with each call, so that concurrent calls are told apart. Not the request id:
 * a document may declare `X-Request-Id` as a parameter, whose argument then replaces it.
 */
export const CALL_HEADER = 'x-live-call';

/** Credentials the mock is shown: it checks that one is present where the document asks for it, never its value. */
const KEY = 'live-test-key';
const BASIC = { username: 'live', password: 'test' };

/**
 * `source.yaml` (as JSON, which YAML reads) of a source pointing at the mock: a credential for each
 * security scheme the operations use, the call header forwarded, no retries and no circuit breaker (so that each GraphQL
 * request makes exactly one call and a failing operation does not fail the next ones), and room for
 * the large answers a generator writes.
 */
export function sourceYaml(mock: OpenapiMock, documentFile: string): string {
  const security: Record<string, string | typeof BASIC> = {};
  for (const operation of mock.operations) {
    for (const scheme of (operation.security ?? []).flat()) {
      const basic = scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic';
      security[scheme.key] = basic ? BASIC : KEY;
    }
  }
  return JSON.stringify({
    kind: 'openapi',
    endpoint: mock.url,
    schema: documentFile,
    timeout: '30s',
    maxResponseBytes: '64mb',
    retry: { enabled: false },
    circuitBreaker: { enabled: false },
    headers: { forward: [CALL_HEADER] },
    security,
  });
}
