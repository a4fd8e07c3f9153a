import type { BaseSourceConfig } from '../config/source-config.js';
import { createHttpClient, type HttpClient } from '../upstream/http-client.js';
import type { SourceContext } from './types.js';

/** The HTTP client of a source kind that speaks HTTP, built from the keys every source has. */
export function sourceHttpClient(context: SourceContext<BaseSourceConfig & { maxResponseBytes: number }>): HttpClient {
  const { config, name } = context;
  return createHttpClient({
    source: name,
    endpoint: config.endpoint,
    timeoutMs: config.timeout,
    maxConnections: config.maxConnections,
    maxResponseBytes: config.maxResponseBytes,
    path: context.upstream,
    ...(context.byteBudget && { byteBudget: context.byteBudget }),
  });
}
