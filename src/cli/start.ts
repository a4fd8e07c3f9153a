import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { createLogger } from '../logger.js';
import { reportWorkerReady, runPrimary } from '../server/cluster.js';
import { exitWithParent } from './exit-with-parent.js';
import { resolvePaths, type PathOptions } from './paths.js';
import { gatewayConfigOptions, type GatewayFileOptions } from './gateway-options.js';

export interface StartOptions extends PathOptions, GatewayFileOptions {
  /** Reload when a file under the sources or schemas folder changes. */
  watch?: boolean;
  /** Worker processes; 1 serves from this process. */
  workers?: number;
}

/** `plexus start`: serve the gateway until SIGTERM or SIGINT, then drain and exit 0. SIGHUP reloads gateway.yaml, the trusted documents and the schema. */
export async function startCommand(options: StartOptions, cwd = process.cwd()): Promise<void> {
  // A worker follows its primary already (see serve()).
  if (cluster.isPrimary) exitWithParent(process.env);
  const configOptions = gatewayConfigOptions(options, cwd);
  const config = await loadGatewayConfig(configOptions);
  const paths = resolvePaths(options, cwd);
  // A reload reads these again: gateway.yaml and the trusted documents manifest it names.
  const files = [
    configOptions.path,
    ...(config.persistedDocuments.trusted.manifest === undefined ? [] : [resolve(cwd, config.persistedDocuments.trusted.manifest)]),
  ];
  const workers = options.workers ?? 1;

  if (workers > 1 && cluster.isPrimary) {
    const logger = createLogger(config.logging);
    const primary = await runPrimary({
      workers,
      logger,
      graceMs: config.shutdown.grace,
      ...(options.watch && { watch: { ...paths, cwd, files } }),
    });
    logger.info({ url: `${primary.url}/graphql`, workers, watch: options.watch === true }, `Plexus is serving ${primary.url}/graphql with ${workers} workers`);
    process.exit(await primary.done);
  }

  // Loaded here, not above: a cluster's primary serves nothing and never needs the gateway's modules.
  const { serve } = await import('../server/serve.js');
  // In a worker, the primary watches the files and forwards reloads as SIGHUP.
  const { gateway, server } = await serve({
    config,
    readConfig: () => loadGatewayConfig(configOptions),
    files,
    ...paths,
    cwd,
    env: process.env,
    watch: options.watch === true && cluster.isPrimary,
  });
  if (cluster.isWorker) {
    gateway.logger.info('worker serving');
    reportWorkerReady(server.url);
    return;
  }
  gateway.logger.info({ url: `${server.url}/graphql`, watch: options.watch === true }, `Plexus is serving ${server.url}/graphql`);
}
