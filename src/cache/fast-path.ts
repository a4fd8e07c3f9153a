import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GraphQLSchema } from 'graphql';
import { responseCacheKey, schemaHash } from './cache-key.js';
import { cacheControlFor } from './http-caching.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { tooDeepEntry } from '../limits/input-size.js';
import type { Logger } from '../logger.js';
import type { RequestMetrics } from '../observability/metrics.js';
import type { CacheMetrics } from './metrics.js';
import { durationMs, recordRequest, writeRequestLine } from '../observability/request-report.js';
import { REQUEST_ID_HEADER, chooseRequestId } from '../observability/request-id.js';
import { createFastPathEncoding, type EncodedAnswer } from './fast-path-encoding.js';

export interface CacheFastPathOptions {
  config: GatewayConfig;
  /** The in-process response store that this gateway's response cache plugin, and nothing else, writes. */
  store: ResponseStore;
  /** The schema a new request would run on. */
  schema: () => GraphQLSchema;
  metrics: RequestMetrics & CacheMetrics;
  logger: Logger;
  now?: () => number;
}

/** Answers a request from the cache, or hands it on (with its body already read) when it cannot. */
export type CacheFastPath = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

// Larger bodies go the usual way; a cached query is a short document.
const MAX_BODY = 64 * 1024;

/**
 * Serves repeats of shared cached answers before the request enters yoga. A hit here is exactly a
 * hit there: the key is the one the response cache plugin wrote under, and an entry exists only
 * for a document that this process's own pipeline accepted (parse, validation, query limits) and
 * cached as shared (no PRIVATE data, no guarded fields). So the fast path only runs where nothing
 * else could decide otherwise:
 * - the store is this gateway's own memory (an entry another gateway wrote, in Redis or a shared
 *   store, passed that gateway's limits, not this one's);
 * - no rate limit (a hit is charged), no required token, no tracing, no trusted-documents mode;
 * - a JSON POST to /graphql (which CSRF prevention lets through) without a token (when
 *   authentication is on), an Origin (CORS), If-None-Match (304), a compressed body or extensions (APQ).
 * A hit is compressed as yoga's answer would be (fast-path-encoding.ts).
 * Anything else, and any miss, continues to yoga.
 */
export function createCacheFastPath(options: CacheFastPathOptions): CacheFastPath | undefined {
  const { config, store, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const usable =
    config.cache.enabled &&
    config.cache.store === 'memory' &&
    !config.rateLimit.enabled &&
    !config.tracing.enabled &&
    !(config.auth.enabled && config.auth.required) &&
    !config.persistedDocuments.trustedOnly;
  if (!usable) return undefined;
  const tokenHeader = config.auth.enabled ? config.auth.header.toLowerCase() : undefined;
  const bodyLimit = Math.min(MAX_BODY, config.limits.maxBodySize);
  const logRequests = config.logging.requests;
  const { maxInputDepth } = config.limits;
  const encode = createFastPathEncoding(config.compression);

  const eligible = (request: IncomingMessage): boolean => {
    const { headers } = request;
    if (request.method !== 'POST' || request.url !== '/graphql') return false;
    if (!headers['content-type']?.startsWith('application/json')) return false;
    if (headers.origin !== undefined || headers['if-none-match'] !== undefined || headers['content-encoding'] !== undefined) return false;
    if (tokenHeader !== undefined && headers[tokenHeader] !== undefined) return false;
    const length = Number(headers['content-length']);
    return Number.isInteger(length) && length > 0 && length <= bodyLimit && contentTypeFor(headers.accept) !== undefined;
  };

  return (request, response, next) => {
    if (!eligible(request)) return next();
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      // yoga's request reader takes an already read body from here.
      (request as IncomingMessage & { body?: Buffer }).body = body;
      const hit = lookup(body);
      if (!hit) return next();
      const text = serialized(hit);
      // Chosen as useRequestId chooses it: the fast path answers without a request state.
      const requestId = chooseRequestId(request.headers[REQUEST_ID_HEADER] as string | undefined);
      const send = (answer: EncodedAnswer) => {
        response.writeHead(200, {
          'content-type': contentTypeFor(request.headers.accept)!,
          'content-length': Buffer.byteLength(answer.body),
          'cache-control': cacheControlFor(hit, true, now()),
          [REQUEST_ID_HEADER]: requestId,
          ...answer.headers,
        });
        response.end(answer.body);
        answered(hit, requestId, started);
      };
      const answer = encode(hit, text, request.headers['accept-encoding']);
      if (!(answer instanceof Promise)) return send(answer);
      answer.then(send, (error: unknown) => {
        logger.error({ err: error, requestId }, 'compressing a cached answer failed');
        response.destroy();
      });
    });
  };

  function answered(hit: StoredResponse, requestId: string, started: number) {
    const seconds = (performance.now() - started) / 1000;
    metrics.responseCacheHits.inc();
    metrics.responseCacheFastHits.inc();
    recordRequest(metrics, 'ok', { seconds, upstreamCalls: 0 });
    if (logRequests && logger.isLevelEnabled('info')) {
      writeRequestLine(logger, {
        requestId,
        method: 'POST',
        path: '/graphql',
        ...(hit.operationName !== undefined && { operationName: hit.operationName }),
        operationType: 'query',
        status: 200,
        result: 'ok',
        durationMs: durationMs(seconds * 1000),
        upstreamCalls: 0,
      });
    }
  }

  function lookup(body: Buffer): StoredResponse | undefined {
    let params: unknown;
    try {
      params = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
    const { query, variables, operationName, ...rest } = params as Record<string, unknown>;
    if (typeof query !== 'string' || Object.keys(rest).length > 0) return undefined;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    // Too deep to key (JSON.stringify recurses): the pipeline refuses it with 400.
    if (tooDeepEntry(variables, maxInputDepth) !== undefined) return undefined;
    const key = responseCacheKey(schemaHash(options.schema()), query, operationName, variables ?? undefined, null);
    const found = store.get(key);
    // Only an in-process store answers synchronously; anything else goes the usual way.
    return found instanceof Promise ? undefined : found;
  }
}

/** The serialized answer as the memory store keeps it. */
function serialized(response: StoredResponse): string {
  const stringify = (response.result as { stringify?: () => string }).stringify;
  return typeof stringify === 'function' ? stringify() : JSON.stringify(response.result);
}

/** The content type yoga answers a JSON result with for this Accept header; undefined when it would do something else. */
function contentTypeFor(accept: string | undefined): string | undefined {
  if (accept === undefined || accept === '' || accept === '*/*') return 'application/json; charset=utf-8';
  const first = accept.split(',')[0]!.split(';')[0]!.trim();
  if (first === 'application/graphql-response+json') return 'application/graphql-response+json; charset=utf-8';
  if (first === 'application/json') return 'application/json; charset=utf-8';
  return undefined;
}
