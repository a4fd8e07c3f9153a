import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayConfigSchema, type GatewayConfig } from '../../src/config/gateway-config.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/gateway.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Gateway config for tests: defaults, quiet logs, fresh readiness answers, plus what the test sets. */
export function testConfig(overrides: Record<string, unknown> = {}): GatewayConfig {
  return gatewayConfigSchema.parse({ port: 0, host: '127.0.0.1', logging: { level: 'silent' }, readiness: { cacheTtl: 0 }, ...overrides });
}

export interface TestGateway {
  gateway: Gateway;
  server: RunningServer;
  /** POST a GraphQL request over real HTTP and return the parsed body and status. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  /** Current value of a metric line, e.g. metric('plexus_upstream_requests_total', { source: 'products' }). 0 when absent. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export interface StartTestGatewayOptions extends Partial<Omit<GatewayOptions, 'config' | 'sourcesDir'>> {
  /**
   * The source registry the gateway serves. Required: a test names its own project (a
   * `tempProject()` or a `demoProject()`), never the repository's top-level `sources/`.
   */
  sourcesDir: string;
  /** Default: the `schemas/` folder next to `sourcesDir`. */
  schemasDir?: string;
  /** Default: the folder that holds `sourcesDir`. */
  cwd?: string;
  config?: Record<string, unknown>;
}

/** Starts a real gateway on a free port over the test's own `sourcesDir`. */
export async function startTestGateway(options: StartTestGatewayOptions): Promise<TestGateway> {
  const projectDir = dirname(options.sourcesDir);
  const gateway = await createGateway({
    schemasDir: join(projectDir, 'schemas'),
    cwd: projectDir,
    env: {},
    logger: createLogger({ level: 'silent' }),
    ...options,
    config: testConfig(options.config),
  });
  const server = await listen(gateway, { port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    gateway,
    server,
    async query(query, variables, headers = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, ...(variables && { variables }) }),
      });
      return { status: response.status, body: await response.json() };
    },
    async metric(name, labels = {}) {
      return metricValue(await (await fetch(`${base}/metrics`)).text(), name, labels);
    },
    close: () => server.close(1000),
  };
}

/** Reads one sample from Prometheus text: the line whose name and labels match exactly. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}
