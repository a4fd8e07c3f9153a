import cluster from 'node:cluster';
import { applyHeapGrowth } from './heap-growth.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Env } from '../config/interpolate.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { createFleetMetricsClient, type PrimaryChannel } from '../metrics/fleet-worker.js';
import { createGateway, type Gateway } from './gateway.js';
import { listen, type RunningServer } from './http-server.js';
import { watchProject, type ProjectWatcher } from './watch-project.js';

export interface ServeOptions {
  config: GatewayConfig;
  /** Absolute path of the source registry. */
  sourcesDir: string;
  /** Absolute path of the links and policies folder. */
  schemasDir: string;
  cwd: string;
  env: Env;
  /** Reload when a file under `sourcesDir` or `schemasDir`, or one of `files`, changes. Default false. */
  watch?: boolean;
  /** Reads gateway.yaml again on a reload. Default: the configuration given is kept. */
  readConfig?: () => Promise<GatewayConfig>;
  /** More files a reload reads (gateway.yaml, the trusted documents manifest), watched with `watch`. Default none. */
  files?: string[];
}

export interface Served {
  gateway: Gateway;
  server: RunningServer;
}

/**
 * Runs one gateway in this process and owns its signals: SIGHUP reloads the schema, SIGTERM and
 * SIGINT drain in-flight requests (up to `shutdown.grace`) and exit 0. A cluster worker also
 * drains when its primary goes away, so that no worker outlives it.
 */
export async function serve(options: ServeOptions): Promise<Served> {
  let served: (Served & { watcher?: ProjectWatcher }) | undefined;
  let stopping = false;
  let reloadAsked = false;

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    // Nothing to drain yet: the gateway is still starting.
    if (!served) process.exit(0);
    const { gateway, server, watcher } = served;
    gateway.logger.info({ reason }, 'shutting down: draining in-flight requests');
    Promise.all([watcher?.close(), server.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const reload = () => {
    if (stopping) return;
    // A reload asked for while starting runs once the gateway is up: the files may have changed after they were read.
    if (!served) return void (reloadAsked = true);
    served.gateway.logger.info('SIGHUP: reloading gateway.yaml and the schema');
    void served.gateway.reload();
  };
  // Listeners stay for the whole process: a second Ctrl-C must not kill a process that is draining.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', reload);
  if (cluster.isWorker) process.on('disconnect', () => stop('the primary process exited'));

  applyHeapGrowth(options.config.memory.heapGrowth);
  const metrics = createMetrics();
  // A worker's /metrics is the sum over the fleet, which the primary collects.
  const fleet = cluster.isWorker ? createFleetMetricsClient({ registry: metrics.registry, channel: process as unknown as PrimaryChannel }) : undefined;
  const gateway = await createGateway({
    config: options.config,
    metrics,
    ...(options.readConfig && { readConfig: options.readConfig }),
    ...(fleet && { renderMetrics: () => fleet.metrics() }),
    sourcesDir: options.sourcesDir,
    schemasDir: options.schemasDir,
    cwd: options.cwd,
    env: options.env,
    // Workers write to the same output: each line says which process wrote it.
    ...(cluster.isWorker && { logger: createLogger(options.config.logging).child({ pid: process.pid }) }),
  });
  const server = await listen(gateway, { port: options.config.port, host: options.config.host });
  const watcher = options.watch
    ? watchProject({
        sourcesDir: options.sourcesDir,
        schemasDir: options.schemasDir,
        files: options.files ?? [],
        cwd: options.cwd,
        logger: gateway.logger,
        onChange: () => void gateway.reload(),
      })
    : undefined;
  await watcher?.ready;
  served = { gateway, server, ...(watcher && { watcher }) };
  if (reloadAsked) reload();
  return { gateway, server };
}
