import { resolve } from 'node:path';
import type { LoadGatewayConfigOptions } from '../config/load-gateway-config.js';

/** The flags of every command that reads `gateway.yaml`. */
export interface GatewayFileOptions {
  config?: string;
  port?: string;
}

/** How `start`, `check` and `config` load the gateway configuration: one place, so they never disagree. */
export function gatewayConfigOptions(options: GatewayFileOptions, cwd: string): LoadGatewayConfigOptions {
  return {
    path: resolve(cwd, options.config ?? 'gateway.yaml'),
    displayPath: options.config ?? 'gateway.yaml',
    required: options.config !== undefined,
    env: process.env,
    flags: { port: { flag: '--port', value: options.port } },
  };
}
