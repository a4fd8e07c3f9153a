import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createInstance, getHttpOperationsFromSpec, type IHttpRequest, type IHttpResponse } from '@stoplight/prism-http';
import { pino } from 'pino';
import { generatedName } from '../../src/sources/openapi/operations.js';
import { answersAnything, byPathKeyQuery, routable, routesOf, withoutAccept, type RoutedOperation } from './openapi-mock-routing.js';

/** One operation of the document as the mock reads it (parameters as JSON Schema). */
export type MockOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

/** The service's name of an operation, as the gateway lists it: the operationId, else one made from method and path. */
export function operationName(operation: MockOperation): string {
  return typeof operation.iid === 'string' && operation.iid.trim() !== '' ? operation.iid : generatedName(operation.method, operation.path);
}

/** A request the mock received, what it thought of it and what it answered. */
export interface MockRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingMessage['headers'];
  /** `accepted`: valid for the document; `refused`: not valid (see `problems`); `failed`: the mock could not answer. */
  verdict: 'accepted' | 'refused' | 'failed';
  /** Why the request was refused, or why the mock failed: `location: message`. */
  problems: string[];
  status: number;
  contentType: string;
  /** The answer's bytes as sent. */
  body: Buffer;
  /** The Location of a redirect. */
  location?: string;
  /** Where the mock's own answer does not match the document (a generator slip, not the gateway's). */
  answerProblems: string[];
}

export interface OpenapiMock {
  url: string;
  /** The document's operations (their paths as the document writes them). */
  operations: MockOperation[];
  /** Every request received, in order. */
  requests: MockRequest[];
  close(): Promise<void>;
}

/** Prism reports diagnostics with this severity when they make a request invalid. */
const ERROR_SEVERITY = 0;

interface Diagnostic {
  severity: number;
  path?: string[];
  message: string;
}

/**
 * A validating mock of the REST service an OpenAPI document (3.x or Swagger 2.0) describes, on
 * 127.0.0.1 and a free port: Prism checks every request against the document (route, path, query,
 * header and cookie parameters, security, body) and answers the success response with data generated
 * from its schema. Answers are seeded, so the same request always gets the same answer.
 */
export async function startOpenapiMock(documentPath: string, seed = 'plexus'): Promise<OpenapiMock> {
  boundAnswers();
  const operations = await getHttpOperationsFromSpec(documentPath);
  const routed = routable(operations);
  // Prism logs at its own `success` level besides pino's.
  const logger = pino({ level: 'silent', customLevels: { success: 35 } });
  // A fresh configuration for every request: Prism writes the request's accepted media types into it.
  const config = (dynamic = true) =>
    ({
      mock: { dynamic, seed },
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      upstreamProxy: undefined,
      isProxy: false,
    }) as const;
  const prism = createInstance(config(), { logger: logger as never });
  const requests: MockRequest[] = [];

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://mock');
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(searchParams.keys())) {
      const values = searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
    const input: IHttpRequest = {
      method: (req.method ?? 'GET').toLowerCase() as IHttpRequest['method'],
      url: { path: pathname, query },
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
      ...(body.length > 0 && { body: requestBody(body, req.headers['content-type']) }),
    };
    const result = await request(input, routed);
    const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    if (result._tag === 'Left') {
      const error = result.left as Error & { status?: number; detail?: string; additional?: { validation?: Diagnostic[] } };
      const problems = error.additional?.validation?.map(describe) ?? [`${error.name}: ${error.detail ?? error.message}`];
      // Prism's errors for requests it cannot route or that fail validation are refusals; anything else is its own failure.
      const refused = error.status !== undefined && error.status >= 400 && error.status < 500;
      const sent = send(res, error.status ?? 500, 'application/problem+json', { title: error.message, detail: error.detail, problems });
      requests.push({ ...seen, verdict: refused ? 'refused' : 'failed', problems, ...sent, answerProblems: [] });
      return;
    }
    const { output, validations } = result.right;
    const problems = (validations.input as Diagnostic[]).filter((item) => item.severity === ERROR_SEVERITY).map(describe);
    const answerProblems = (validations.output as Diagnostic[]).filter((item) => item.severity === ERROR_SEVERITY).map(describe);
    // A redirect without a Location is no redirect; a real service sends one, so the mock does too.
    const location = output.statusCode >= 300 && output.statusCode < 400 ? (header(output, 'location') ?? '/redirected') : undefined;
    const sent = send(res, output.statusCode, contentTypeOf(output), output.body, location);
    requests.push({
      ...seen,
      verdict: problems.length > 0 ? 'refused' : 'accepted',
      problems,
      ...sent,
      ...(location !== undefined && { location }),
      answerProblems,
    });
  };

  /** An answer declared without a schema cannot be generated: it is served from its examples (or empty). */
  const mockOne = async (input: IHttpRequest, candidates: MockOperation[]) => {
    const result = await prism.request(input, candidates, config())();
    if (result._tag === 'Left' && /schema is not defined/.test(result.left.message)) return prism.request(input, candidates, config(false))();
    return result;
  };

  /** One operation of several on a path (told apart by a fragment or a query in the path key) is the first that finds the request valid. */
  const request = async (received: IHttpRequest, candidates: RoutedOperation[]) => {
    const matching = byPathKeyQuery(routesOf(candidates, received), received);
    const input = answersAnything(matching) ? withoutAccept(received) : received;
    if (matching.length < 2) return mockOne(input, candidates);
    let first;
    for (const operation of matching) {
      const result = await mockOne(input, [operation]);
      if (result._tag === 'Right' && !result.right.validations.input.some((item) => item.severity === ERROR_SEVERITY)) return result;
      first ??= result;
    }
    return first!;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        const problems = [error instanceof Error ? error.message : String(error)];
        const sent = send(res, 500, 'text/plain', problems[0]);
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, verdict: 'failed', problems, ...sent, answerProblems: [] });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    operations,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Lists in generated answers hold at most two items. Prism leaves the generator's options to its
 * users (its command line sets them on the same instance); unbounded, nested lists of a large
 * document multiply into answers of gigabytes, generated while the event loop waits.
 */
function boundAnswers(): void {
  const generator = createRequire(import.meta.url)('json-schema-faker') as { JSONSchemaFaker: { option(options: Record<string, unknown>): void } };
  generator.JSONSchemaFaker.option({ maxItems: 2 });
}

function describe(diagnostic: Diagnostic): string {
  return `${(diagnostic.path ?? []).join('.')}: ${diagnostic.message}`;
}

function requestBody(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  if (!/json/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function header(output: IHttpResponse, name: string): string | undefined {
  return Object.entries(output.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** A wildcard media type (`*\/*`) is no content type to send: the generated value goes out as JSON. */
function contentTypeOf(output: IHttpResponse): string {
  const type = header(output, 'content-type');
  return type && !type.includes('*') ? type : 'application/json';
}

const JSON_MEDIA_TYPE = /[/+]json\b/i;

function mayHaveBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

/** Writes the answer: JSON media types and anything but text as JSON, text as it is. Returns what was sent. */
function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  value: unknown,
  location?: string,
): { status: number; contentType: string; body: Buffer } {
  const text =
    value === undefined || !mayHaveBody(status) ? '' : typeof value === 'string' && !JSON_MEDIA_TYPE.test(contentType) ? value : JSON.stringify(value);
  const body = Buffer.from(text);
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, ...(location !== undefined && { location }) });
  res.end(body);
  return { status, contentType, body };
}
