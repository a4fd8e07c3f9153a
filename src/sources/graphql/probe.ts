import type { HttpClient } from '../../upstream/http-client.js';
import { upstreamHeaders } from '../../upstream/headers.js';
import { upstreamError } from '../../errors.js';
import type { BaseSourceConfig } from '../../config/source-config.js';

/** The readiness check of a GraphQL service: `{ __typename }` answered with a success status. */
export function graphqlProbe(source: string, client: HttpClient, headers: BaseSourceConfig['headers']): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    const answer = await client.request({
      method: 'POST',
      path: '',
      headers: { ...upstreamHeaders(headers, undefined), 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
      signal,
      probe: true,
    });
    if (answer.status >= 300) throw upstreamError(source, `HTTP ${answer.status}`, { status: answer.status });
  };
}
