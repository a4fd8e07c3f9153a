import { access, constants, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../config/interpolate.js';
import { schemaFiles, type BaseSourceConfig } from '../config/source-config.js';
import { interpolateDeep } from '../config/interpolate.js';
import type { Problem } from '../config/problems.js';
import { describeFsError, readYaml, validateYaml } from '../config/yaml-file.js';
import type { Logger } from '../logger.js';
import type { UpstreamMetrics } from '../upstream/metrics.js';
import { createResilience, type Resilience } from '../upstream/resilience/resilience.js';
import { createCallPath } from '../upstream/call-path.js';
import type { UpstreamHook } from '../upstream/upstream-hook.js';
import type { ByteBudget } from '../upstream/byte-budget.js';
import { builtinKinds } from './kinds.js';
import { applyTransforms } from './transforms/apply.js';
import type { Locate } from './transforms/plan-problems.js';
import { displayPathOf } from './sdl-files.js';
import { SourceLoadError, type LoadMode, type LoadedSource, type SourceKind } from './types.js';

export interface LoadSourcesOptions {
  /** Absolute path of the `sources/` folder. */
  sourcesDir: string;
  cwd: string;
  env: Env;
  mode: LoadMode;
  metrics: UpstreamMetrics;
  logger: Logger;
  kinds?: Record<string, SourceKind>;
  /** The gateway's budget of upstream answer bytes held at once. Default: none. */
  byteBudget?: ByteBudget;
  /** Observers of every upstream call (the project's plugins' `onUpstreamCall`). Default: none. */
  upstreamHooks?: readonly UpstreamHook[];
  /**
   * The sources served now. A source whose `source.yaml` is unchanged keeps its resilience (an
   * open circuit stays open, a reload is no way around a failing service). Default none.
   */
  previous?: readonly SourceEntry[];
}

/** A loaded source with the configuration it was loaded from. */
export interface SourceEntry {
  name: string;
  /** `sources/<name>/source.yaml` as users see it. */
  file: string;
  config: BaseSourceConfig;
  loaded: LoadedSource;
  /** Its retry policy, circuit breaker and concurrency cap, shared by every request of this gateway. */
  resilience: Resilience;
  /** The gateway's logger, bound to this source. */
  logger: Logger;
  /** What `transforms:` did to the source's schema, when it has any; shown by `plexus check`. */
  transformSummary?: string;
}

export interface LoadedRegistry {
  sources: SourceEntry[];
  /** Fatal: a source that could not be loaded. */
  problems: Problem[];
  /** Not fatal: parts of a source that were skipped. */
  warnings: Problem[];
}

const SOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Reads every `sources/<name>/source.yaml` and loads it with its kind. Problems are collected, not thrown. */
export async function loadSources(options: LoadSourcesOptions): Promise<LoadedRegistry> {
  const kinds = options.kinds ?? builtinKinds;
  const displayRoot = displayPathOf(options.cwd, options.sourcesDir);
  let entries;
  try {
    entries = await readdir(options.sourcesDir, { withFileTypes: true });
  } catch (error) {
    return { sources: [], warnings: [], problems: [{ file: displayRoot, message: `cannot read sources folder (${describeFsError(error)})` }] };
  }
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const results = await Promise.all(folders.map((name) => loadOne(name, kinds, options)));
  return {
    sources: results.flatMap((result) => (result.source ? [result.source] : [])),
    problems: results.flatMap((result) => result.problems),
    warnings: results.flatMap((result) => result.source?.loaded.warnings ?? []),
  };
}

async function loadOne(name: string, kinds: Record<string, SourceKind>, options: LoadSourcesOptions): Promise<{ source?: SourceEntry; problems: Problem[] }> {
  const dir = join(options.sourcesDir, name);
  const displayDir = displayPathOf(options.cwd, dir);
  const file = join(displayDir, 'source.yaml');
  if (!SOURCE_NAME.test(name)) {
    return { problems: [{ file: displayDir, message: `"${name}" is not a valid source name (letters, digits, _ and -, starting with a letter)` }] };
  }
  const yaml = await readYaml(join(dir, 'source.yaml'), file);
  if (!yaml.ok) return { problems: yaml.problems };
  const missing = new Set<string>();
  const raw = interpolateDeep(yaml.value.value, options.env, (variable) => missing.add(variable));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ file, message: 'expected a mapping of keys (kind, endpoint, ...)' }] };
  }
  const kindName = (raw as { kind?: unknown }).kind;
  const kind = typeof kindName === 'string' ? kinds[kindName] : undefined;
  if (!kind) {
    const known = Object.keys(kinds).sort().join(', ');
    const line = yaml.value.lineOf(['kind']);
    const message = kindName === undefined ? `"kind" is required (one of ${known})` : `unknown kind "${String(kindName)}" (expected one of ${known})`;
    return { problems: [{ file, ...(line !== undefined && { line }), message }] };
  }
  const config = validateYaml(kind.configSchema, yaml.value, raw);
  if (!config.ok) {
    const hint = missing.size > 0 ? ` (unset environment variables: ${[...missing].join(', ')})` : '';
    return { problems: config.problems.map((problem) => ({ ...problem, message: problem.message + hint })) };
  }
  const unreadable = await unreadableSchemaFiles(dir, schemaFiles(config.value));
  if (unreadable.length > 0) {
    const line = yaml.value.lineOf(['schema']);
    return {
      problems: unreadable.map(({ name: schemaFile, reason }) => ({
        file,
        ...(line !== undefined && { line }),
        message: `schema file "${schemaFile}" cannot be read (${reason})`,
      })),
    };
  }
  const logger = options.logger.child({ source: name });
  const unchanged = options.previous?.find((entry) => entry.name === name && JSON.stringify(entry.config) === JSON.stringify(config.value));
  const resilience =
    unchanged?.resilience ??
    createResilience({
      source: name,
      retry: config.value.retry,
      circuitBreaker: config.value.circuitBreaker,
      maxConcurrency: config.value.maxConnections,
      metrics: options.metrics,
      logger,
    });
  try {
    const original = await kind.load({
      name,
      dir,
      displayDir,
      config: config.value,
      mode: options.mode,
      logger,
      upstream: createCallPath({ source: name, metrics: options.metrics, resilience, logger, ...(options.upstreamHooks && { hooks: options.upstreamHooks }) }),
      ...(options.byteBudget && { byteBudget: options.byteBudget }),
    });
    let loaded = original;
    let transformSummary: string | undefined;
    if (config.value.transforms) {
      const locate: Locate = (path, message) => {
        const line = yaml.value.lineOf(['transforms', ...path]) ?? yaml.value.lineOf(['transforms']);
        return { file, ...(line !== undefined && { line }), message: `transforms${path.length > 0 ? `.${path.join('.')}` : ''}: ${message}` };
      };
      try {
        ({ loaded, summary: transformSummary } = applyTransforms(original, config.value.transforms, locate));
      } catch (error) {
        await original.close();
        throw error;
      }
    }
    return {
      source: { name, file, config: config.value, loaded, resilience, logger, ...(transformSummary !== undefined && { transformSummary }) },
      problems: [],
    };
  } catch (error) {
    if (error instanceof SourceLoadError) return { problems: error.problems };
    return { problems: [{ file, message: `cannot load source: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

async function unreadableSchemaFiles(dir: string, names: readonly string[]): Promise<{ name: string; reason: string }[]> {
  const failures: { name: string; reason: string }[] = [];
  for (const name of names) {
    try {
      const path = join(dir, name);
      await access(path, constants.R_OK);
      if ((await stat(path)).isDirectory()) failures.push({ name, reason: 'is a directory' });
    } catch (error) {
      failures.push({ name, reason: describeFsError(error) });
    }
  }
  return failures;
}
