import { buildSchema, type BuildOptions } from '../compose/build.js';
import { schemaVersion } from '../compose/schema-version.js';
import { servedSchema } from '../cache/served-schema.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Generation } from '../generations/generations.js';
import { ConfigurationError } from '../config/problems.js';
import type { SourceEntry } from '../sources/registry.js';

export interface LoadGenerationOptions extends Omit<BuildOptions, 'mode'> {
  config: GatewayConfig;
}

/** Loads every source and composes them into a generation ready to serve. Throws ConfigurationError. */
export async function loadGeneration(options: LoadGenerationOptions): Promise<Generation> {
  const { config, ...build } = options;
  const built = await buildSchema({ ...build, mode: 'serve' });
  try {
    refuseStandardExecutorEntities(config, built.sources);
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

/**
 * Federation entities are fetched through `_entities` by the query planner only; the standard
 * executor would leave their other subgraphs' fields unanswered. Refused rather than answered wrongly.
 */
function refuseStandardExecutorEntities(config: GatewayConfig, sources: readonly SourceEntry[]): void {
  if (config.execution.planner) return;
  const federated = sources.filter((entry) => (entry.loaded.entities?.length ?? 0) > 0);
  if (federated.length === 0) return;
  throw new ConfigurationError(
    federated.map((entry) => ({
      file: entry.file,
      message: `federation entities (${entry.loaded.entities!.map((entity) => entity.typeName).join(', ')}) need the query planner, but execution.planner is false; set it to true`,
    })),
  );
}
