import { resolve } from 'node:path';
import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { createGateway } from '../server/gateway.js';
import { listen } from '../server/http-server.js';
import { resolvePaths, type PathOptions } from './paths.js';

export interface StartOptions extends PathOptions {
  port?: string;
  config?: string;
}

/** `plexus start`: serve the gateway until SIGTERM or SIGINT, then drain and exit 0. */
export async function startCommand(options: StartOptions, cwd = process.cwd()): Promise<void> {
  const configPath = resolve(cwd, options.config ?? 'gateway.yaml');
  const config = await loadGatewayConfig({
    path: configPath,
    displayPath: options.config ?? 'gateway.yaml',
    required: options.config !== undefined,
    env: process.env,
    overrides: { port: options.port },
  });
  const gateway = await createGateway({ config, ...resolvePaths(options, cwd), cwd, env: process.env });
  const running = await listen(gateway, { port: config.port, host: config.host });
  gateway.logger.info({ url: `${running.url}/graphql` }, `Plexus is serving ${running.url}/graphql`);

  const stop = (signal: string) => {
    gateway.logger.info({ signal }, 'shutting down: draining in-flight requests');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
