import type { GatewayConfig } from '../config/gateway-config.js';
import { reloadConfig, type ReloadedConfig } from '../config/reloaded-config.js';
import type { Logger } from '../logger.js';
import type { PlexusMetrics } from '../metrics/metrics.js';
import type { SourceEntry } from '../sources/registry.js';
import type { Generation, Generations } from '../generations/generations.js';
import { createSchemaReload, type ReloadResult } from '../generations/schema-reload.js';
import { summarizeReload, type ReloadSummary } from '../generations/reload-summary.js';
import type { Runtime, Runtimes } from './runtimes.js';

export interface ReloadsOptions {
  generations: Generations;
  runtimes: Runtimes;
  logger: Logger;
  metrics: PlexusMetrics;
  /** Builds the yoga server of a configuration (with the trusted documents read again). */
  buildRuntime(config: GatewayConfig): Promise<Runtime>;
  /** Loads the sources and composes them for a configuration, reusing what `previous` sources kept. */
  loadGeneration(config: GatewayConfig, previous: readonly SourceEntry[]): Promise<Generation>;
  /** Reads gateway.yaml again; without it a reload keeps the configuration. */
  readConfig?: () => Promise<GatewayConfig>;
}

export interface Reloads {
  /** Reads gateway.yaml, rebuilds yoga and the schema and swaps both in; on failure keeps the last good ones. Never throws. */
  reload(): Promise<ReloadResult>;
  /** What the last reload did; undefined before the first. */
  last(): ReloadSummary | undefined;
}

/** Reloads of a gateway's configuration and schema together, and the record of the last one. */
export function createReloads(options: ReloadsOptions): Reloads {
  const { generations, runtimes, logger, metrics } = options;
  let lastChange: ReloadedConfig | undefined;
  let lastReload: ReloadSummary | undefined;

  const load = async (): Promise<Generation> => {
    let config = runtimes.latest.config;
    lastChange = undefined;
    if (options.readConfig) {
      const change = reloadConfig(config, await options.readConfig());
      for (const key of change.needsRestart) logger.warn({ key }, `gateway.yaml: "${key}" changed but needs a restart; the running value is kept`);
      lastChange = change;
      config = change.config;
    }
    // Built every time: the trusted documents manifest may have changed with the same configuration.
    const runtime = await options.buildRuntime(config);
    const generation = await options.loadGeneration(config, generations.current().sources);
    runtimes.set(generation, runtime);
    return generation;
  };
  const schemaReload = createSchemaReload({ load, generations, logger });

  return {
    async reload() {
      const before = generations.current();
      const previous = runtimes.of(before);
      const result = await schemaReload();
      const after = generations.current();
      const now = runtimes.of(after);
      runtimes.latest = now;
      followSources(metrics, before.sources, after.sources);
      lastReload = summarizeReload(result, {
        before,
        after,
        configVersion: now.version,
        previousConfigVersion: previous.version,
        ...(lastChange && { change: lastChange }),
      });
      if (result.ok && now.version !== previous.version) {
        logger.info(
          { configVersion: now.version, previousConfigVersion: previous.version, keys: lastReload.config.changed },
          `gateway.yaml reloaded: config version ${previous.version} -> ${now.version}`,
        );
      }
      return result;
    },
    last: () => lastReload,
  };
}

/** Points the breaker gauge at the sources served now, and drops the series of removed sources. */
function followSources(metrics: PlexusMetrics, before: readonly SourceEntry[], after: readonly SourceEntry[]): void {
  const names = new Set(after.map((entry) => entry.name));
  for (const entry of before) if (!names.has(entry.name)) metrics.forgetSource(entry.name);
  // A source loaded by a reload that then failed registered its breaker too: the served one wins again.
  for (const entry of after) {
    if (entry.resilience.circuit() !== undefined) metrics.watchCircuit?.(entry.name, () => entry.resilience.circuit() ?? 'closed');
  }
}
