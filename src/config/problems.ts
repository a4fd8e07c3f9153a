/** One thing wrong with a user's file, located as precisely as we can. */
export interface Problem {
  /**
   * Path relative to the project (or as given), e.g. `sources/users/source.yaml`; for a value that
   * came from elsewhere, that place: `environment variable PORT`, `--port`.
   */
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** Where the value came from when not from a file; such problems are listed after those of files. Default: a file. */
  from?: 'environment' | 'flag';
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}

const RANK = { file: 0, environment: 1, flag: 2 } as const;

/**
 * Orders problems as a reader walks the project: files by path (folder by folder), then by line
 * and column; then environment variables, then flags (the order in which they override files).
 * Problems at the same place keep their order.
 */
export function compareProblems(a: Problem, b: Problem): number {
  return RANK[a.from ?? 'file'] - RANK[b.from ?? 'file'] || comparePaths(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

// Segment by segment, so `sources/a/x.yaml` comes before `sources/a-b/x.yaml`.
function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const order = left[index]! < right[index]! ? -1 : left[index]! > right[index]! ? 1 : 0;
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/** Raised when configuration or sources cannot be used; carries every problem found, not just the first, in file order. */
export class ConfigurationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'ConfigurationError';
    this.problems = sorted;
  }
}
