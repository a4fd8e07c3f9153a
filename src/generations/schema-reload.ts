import { ConfigurationError, formatProblem, type Problem } from '../config/problems.js';
import { countByLevel, diffSchemas, summarizeChanges, type SchemaChange } from '../compose/schema-diff.js';
import type { Logger } from '../logger.js';
import type { Generation, Generations } from './generations.js';

export type ReloadResult =
  | { ok: true; version: string; previousVersion: string; changes: SchemaChange[] }
  /** `problems` is empty when the failure was not in the user's files (see the logged error). */
  | { ok: false; version: string; problems: Problem[] };

export interface SchemaReloadOptions {
  /** Builds a new generation from the files as they are now. Throws ConfigurationError. */
  load(): Promise<Generation>;
  generations: Generations;
  logger: Logger;
}

/**
 * Rebuilds the schema from the files and swaps it in, or keeps the last good one and logs why not.
 * Never two rebuilds at once: reloads asked for while one runs share a single rebuild after it,
 * which sees every change made meanwhile.
 */
export function createSchemaReload({ load, generations, logger }: SchemaReloadOptions): () => Promise<ReloadResult> {
  let running: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;

  async function reloadOnce(): Promise<ReloadResult> {
    const started = performance.now();
    let next: Generation;
    try {
      next = await load();
    } catch (error) {
      const previous = generations.current();
      const problems = error instanceof ConfigurationError ? [...error.problems] : [];
      for (const problem of problems) logger.error({ file: problem.file, line: problem.line }, formatProblem(problem));
      if (problems.length === 0) logger.error({ err: error }, 'schema reload failed');
      logger.error({ version: previous.version, problems: problems.length }, `schema reload failed; still serving version ${previous.version}`);
      return { ok: false, version: previous.version, problems };
    }
    for (const warning of next.warnings) logger.warn({ file: warning.file, line: warning.line }, formatProblem(warning));
    const previous = generations.current();
    const changes = await diffSchemas(previous.composed, next.composed).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not compute the schema diff');
      return [];
    });
    generations.swap(next);
    const ms = Math.round(performance.now() - started);
    logger.info(
      { version: next.version, previousVersion: previous.version, ms, ...countByLevel(changes) },
      `schema reloaded: version ${previous.version} -> ${next.version} (${changes.length === 0 ? 'no schema changes' : summarizeChanges(changes)})`,
    );
    for (const change of changes) {
      const line = { change: change.level, ...(change.path !== undefined && { path: change.path }) };
      const message = `schema change ${change.level.toUpperCase()}: ${change.message}`;
      if (change.level === 'safe') logger.info(line, message);
      else logger.warn(line, message);
    }
    return { ok: true, version: next.version, previousVersion: previous.version, changes };
  }

  const reload = (): Promise<ReloadResult> => {
    if (!running) {
      running = reloadOnce().finally(() => (running = undefined));
      return running;
    }
    const again = () => {
      queued = undefined;
      return reload();
    };
    queued ??= running.then(again, again);
    return queued;
  };
  return reload;
}
