import { buildSchema, type BuildOptions } from '../compose/build.js';
import { schemaVersion } from '../compose/schema-version.js';
import { servedSchema } from '../cache/prepare.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Generation } from './generations.js';

export interface LoadGenerationOptions extends Omit<BuildOptions, 'mode'> {
  config: GatewayConfig;
}

/** Loads every source and composes them into a generation ready to serve. Throws ConfigurationError. */
export async function loadGeneration(options: LoadGenerationOptions): Promise<Generation> {
  const { config, ...build } = options;
  const built = await buildSchema({ ...build, mode: 'serve' });
  try {
    return {
      version: schemaVersion(built.schema),
      loadedAt: new Date(),
      schema: servedSchema(config, built.schema),
      composed: built.schema,
      sources: built.sources,
      warnings: built.warnings,
      close: built.close,
    };
  } catch (error) {
    await built.close();
    throw error;
  }
}
