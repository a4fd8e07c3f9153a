import { countByLevel } from '../compose/schema-diff.js';
import { formatProblem } from '../config/problems.js';
import type { ReloadedConfig } from '../config/reloaded-config.js';
import type { SourceEntry } from '../sources/registry.js';
import type { Generation } from './generations.js';
import type { ReloadResult } from './schema-reload.js';

/** What the last reload did, for the logs and the operator's status page. */
export interface ReloadSummary {
  /** When the reload finished, ISO 8601. */
  at: string;
  /** False when the files had a problem and the previous configuration and schema kept serving. */
  ok: boolean;
  /** Problems that failed the reload, as `file:line: message`. Empty when it succeeded. */
  problems: string[];
  config: {
    version: string;
    previousVersion: string;
    /** gateway.yaml keys (dotted paths) whose new values are served now. */
    changed: string[];
    /** gateway.yaml keys that changed but wait for a restart: the old value is still in use. */
    needsRestart: string[];
  };
  sources: {
    added: string[];
    removed: string[];
    /** Sources whose `source.yaml` changed; the others kept their circuit breaker and retry state. */
    changed: string[];
  };
  schema: {
    version: string;
    previousVersion: string;
    breaking: number;
    dangerous: number;
    safe: number;
  };
}

/** Which sources a reload added, removed or changed, by name and `source.yaml` contents. */
export function sourceChanges(before: readonly SourceEntry[], after: readonly SourceEntry[]): ReloadSummary['sources'] {
  const old = new Map(before.map((entry) => [entry.name, JSON.stringify(entry.config)]));
  const now = new Map(after.map((entry) => [entry.name, JSON.stringify(entry.config)]));
  return {
    added: [...now.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !now.has(name)),
    changed: [...now].filter(([name, config]) => old.has(name) && old.get(name) !== config).map(([name]) => name),
  };
}

/** The summary of a reload from its result and the generations and configuration versions around it. */
export function summarizeReload(
  result: ReloadResult,
  around: { before: Generation; after: Generation; configVersion: string; previousConfigVersion: string; change?: ReloadedConfig },
): ReloadSummary {
  const { before, after, change } = around;
  return {
    at: new Date().toISOString(),
    ok: result.ok,
    problems: result.ok ? [] : result.problems.map(formatProblem),
    config: {
      version: around.configVersion,
      previousVersion: around.previousConfigVersion,
      changed: result.ok ? (change?.changed ?? []) : [],
      needsRestart: change?.needsRestart ?? [],
    },
    sources: sourceChanges(before.sources, after.sources),
    schema: { version: after.version, previousVersion: before.version, ...countByLevel(result.ok ? result.changes : []) },
  };
}
