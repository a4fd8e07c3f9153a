/** One thing wrong with a user's file, located as precisely as we can. */
export interface Problem {
  /** Path relative to the project (or as given), e.g. `sources/users/source.yaml`. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}

/** Raised when configuration or sources cannot be used; carries every problem found, not just the first. */
export class ConfigurationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}
