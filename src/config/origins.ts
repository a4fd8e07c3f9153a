import type { Problem } from './problems.js';
import type { ValueIssue, YamlSource } from './yaml-file.js';

/** Where one configuration value came from. */
export type ValueOrigin =
  { kind: 'default' } | { kind: 'file'; file: string; line: number } | { kind: 'environment'; variable: string } | { kind: 'flag'; flag: string };

/** `default`, `gateway.yaml:3`, `env PORT` or `--port`. */
export function formatOrigin(origin: ValueOrigin): string {
  switch (origin.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `${origin.file}:${origin.line}`;
    case 'environment':
      return `env ${origin.variable}`;
    case 'flag':
      return origin.flag;
  }
}

/**
 * Where each value of a configuration came from, recorded while it is put together: flags win
 * over environment variables, which win over the file, which wins over the defaults. The same
 * answer locates a problem and labels a value in `plexus config`, so the two never disagree.
 */
export class ConfigOrigins {
  private readonly environment = new Map<string, { path: readonly string[]; variable: string }>();
  private readonly flags = new Map<string, { path: readonly string[]; flag: string }>();

  constructor(private readonly source: YamlSource) {}

  /** Records that `variable` set the value at `path` (a later call for the same path wins). */
  setByEnvironment(path: readonly string[], variable: string): void {
    this.environment.set(path.join('.'), { path, variable });
  }

  setByFlag(path: readonly string[], flag: string): void {
    this.flags.set(path.join('.'), { path, flag });
  }

  /** Where the value at `path` (or the value it is part of) came from. */
  of(path: readonly PropertyKey[]): ValueOrigin {
    const flag = longestPrefix(this.flags, path);
    if (flag) return { kind: 'flag', flag: flag.flag };
    const variable = longestPrefix(this.environment, path);
    if (variable) return { kind: 'environment', variable: variable.variable };
    const node = this.source.nodeAt(path);
    if (node) return { kind: 'file', file: this.source.file, line: node.line };
    // A switch written as a plain value stands for its `enabled` key (`cors: false`, `apq: true`).
    const parent = path.length > 1 && path[path.length - 1] === 'enabled' ? this.source.nodeAt(path.slice(0, -1)) : undefined;
    if (parent && !parent.collection) return { kind: 'file', file: this.source.file, line: parent.line };
    return { kind: 'default' };
  }

  /** A problem placed where the wrong value came from: the flag, the variable, or the file's line. */
  locate(issue: ValueIssue): Problem {
    const origin = this.of(issue.path);
    if (origin.kind === 'flag') return { file: origin.flag, from: 'flag', message: issue.detail };
    if (origin.kind === 'environment') return { file: `environment variable ${origin.variable}`, from: 'environment', message: issue.message };
    // Not set in the file: the nearest key above it that is, or the file itself.
    const line = this.source.lineOf(issue.path);
    return { file: this.source.file, ...(line !== undefined && { line }), message: issue.message };
  }
}

function longestPrefix<T extends { path: readonly string[] }>(entries: Map<string, T>, path: readonly PropertyKey[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries.values()) {
    const isPrefix = entry.path.length <= path.length && entry.path.every((segment, index) => segment === String(path[index]));
    if (isPrefix && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}
