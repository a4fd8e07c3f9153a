import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { printSchema } from 'graphql';
import { createLogger } from '../../../src/logger.js';
import { loadSources, type LoadedRegistry } from '../../../src/sources/registry.js';
import { noUpstreamMetrics } from '../../../src/upstream/metrics.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startHttpServer, type TestServer } from '../../helpers/servers.js';

/** A minimal OpenAPI document (3.0 unless `extra.openapi` says otherwise) around the given paths and component schemas. */
export function document(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  const { components, ...rest } = extra as { components?: Record<string, unknown> };
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'test', version: '1' }, ...rest, paths, components: { ...components, schemas } }, null, 2);
}

/** A GET operation answering 200 with JSON of `schema`. */
export function getJson(operationId: string, schema: unknown, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { get: { operationId, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } }, ...more } };
}

export interface LoadedOpenapi {
  registry: LoadedRegistry;
  /** The source's schema as SDL ('' when it failed to load). */
  sdl: string;
  project: TempProject;
}

/** Loads one `openapi` source folder (`sources/api/`) offline, as `plexus compose` does. `outside` are files elsewhere in the project. */
export async function loadOpenapi(
  files: Record<string, string>,
  sourceYaml = 'schema: openapi.json\n',
  outside: Record<string, string> = {},
): Promise<LoadedOpenapi> {
  const project = await tempProject({
    ...outside,
    'sources/api/source.yaml': `kind: openapi\nendpoint: http://127.0.0.1:9\n${sourceYaml}`,
    ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`sources/api/${name}`, text])),
  });
  const registry = await loadSources({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    env: {},
    mode: 'compose',
    metrics: noUpstreamMetrics,
    logger: createLogger({ level: 'silent' }),
  });
  await Promise.all(registry.sources.map((entry) => entry.loaded.close()));
  const loaded = registry.sources[0]?.loaded;
  return { registry, sdl: loaded ? printSchema(loaded.schema) : '', project };
}

/** The SDL block of one type, to compare with an expected block. */
export function typeBlock(sdl: string, name: string): string {
  const match = new RegExp(`^(?:type|input|enum|union|scalar) ${name}\\b[^\\n{]*(?:\\{[^]*?^\\}|$)`, 'm').exec(sdl);
  return match ? match[0].replace(/^\s*"""[^]*?"""\n/gm, '').trimEnd() : '';
}

/** A request as the test service saw it, with its body. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface RestHarness {
  gateway: TestGateway;
  upstream: TestServer;
  /** Every request the service received, with bodies. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type RestHandler = (request: SeenRequest, res: ServerResponse) => void;

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A real REST service on a free port answering with `handler`, recording every request with its body. */
export async function startRestService(handler: RestHandler): Promise<{ upstream: TestServer; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const listener: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      handler(request, res);
    });
  };
  return { upstream: await startHttpServer(listener), seen };
}

/**
 * A real REST service on a free port answering with `handler`, and a real gateway whose only
 * source, `api`, is the OpenAPI document `openapi` pointing at that service.
 */
export async function startRestHarness(openapi: string, handler: RestHandler, sourceYaml = ''): Promise<RestHarness> {
  const { upstream, seen } = await startRestService(handler);
  const project = await tempProject({
    'sources/api/source.yaml': `kind: openapi\nendpoint: ${upstream.url}\nschema: openapi.json\n${sourceYaml}`,
    'sources/api/openapi.json': openapi,
  });
  let gateway: TestGateway;
  try {
    gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir });
  } catch (error) {
    await upstream.close();
    await project.remove();
    throw error;
  }
  return {
    gateway,
    upstream,
    seen,
    async close() {
      await gateway.close();
      await upstream.close();
      await project.remove();
    },
  };
}
