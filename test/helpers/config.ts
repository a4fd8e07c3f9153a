import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import { tempProject } from './fixtures.js';

/** Loads a `gateway.yaml` with this text (none when undefined) and these environment variables. */
export async function loadConfigFrom(yaml: string | undefined, env: Record<string, string> = {}): Promise<GatewayConfig> {
  const project = await tempProject(yaml === undefined ? {} : { 'gateway.yaml': yaml });
  try {
    return await loadGatewayConfig({ path: `${project.dir}/gateway.yaml`, displayPath: 'gateway.yaml', required: false, env });
  } finally {
    await project.remove();
  }
}

/** The message a bad configuration is refused with, or undefined when it loads. */
export function configFailure(yaml: string | undefined, env: Record<string, string> = {}): Promise<string | undefined> {
  return loadConfigFrom(yaml, env).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}
