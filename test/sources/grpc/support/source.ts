import { parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { createLogger } from '../../../../src/logger.js';
import { loadSources } from '../../../../src/sources/registry.js';
import type { LoadMode, LoadedSource } from '../../../../src/sources/types.js';
import { noUpstreamMetrics, type UpstreamMetrics } from '../../../../src/upstream/metrics.js';
import type { Problem } from '../../../../src/config/problems.js';
import type { TempProject } from '../../../helpers/fixtures.js';

export interface LoadResult {
  source?: LoadedSource;
  problems: Problem[];
  warnings: Problem[];
}

/** Loads `sources/<name>` of a temp project the way the gateway does. */
export async function loadSource(
  project: TempProject,
  name: string,
  options: { mode?: LoadMode; metrics?: UpstreamMetrics; env?: Record<string, string> } = {},
): Promise<LoadResult> {
  const registry = await loadSources({
    sourcesDir: project.sourcesDir,
    cwd: project.dir,
    env: options.env ?? {},
    mode: options.mode ?? 'serve',
    metrics: options.metrics ?? noUpstreamMetrics,
    logger: createLogger({ level: 'silent' }),
  });
  const entry = registry.sources.find((candidate) => candidate.name === name);
  return { ...(entry && { source: entry.loaded }), problems: registry.problems, warnings: registry.warnings };
}

/** Like loadSource, but fails the test on any problem. */
export async function mustLoad(
  project: TempProject,
  name: string,
  options: Parameters<typeof loadSource>[2] = {},
): Promise<LoadedSource & { loadWarnings: Problem[] }> {
  const result = await loadSource(project, name, options);
  if (!result.source) throw new Error(`source ${name} did not load: ${JSON.stringify(result.problems, null, 2)}`);
  return Object.assign(result.source, { loadWarnings: result.warnings });
}

/** Runs an operation on a loaded source's own schema, through its executor. */
export async function run<T = any>(
  source: LoadedSource,
  query: string,
  variables?: Record<string, unknown>,
  context: object = {},
): Promise<ExecutionResult<T>> {
  return (await source.executor({ document: parse(query), ...(variables && { variables }), context })) as ExecutionResult<T>;
}
