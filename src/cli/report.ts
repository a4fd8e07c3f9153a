import { ConfigurationError, formatProblem, sortProblems, type Problem } from '../config/problems.js';

/** Prints why a command failed, without a stack trace for problems the user can fix. */
export function reportFailure(command: string, error: unknown, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (error instanceof ConfigurationError) {
    write(`plexus ${command}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} found`);
    for (const problem of sortProblems(error.problems)) write(`  ${formatProblem(problem)}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`plexus ${command}: ${message}`);
  if (process.env['PLEXUS_DEBUG'] && error instanceof Error && error.stack) write(error.stack);
}

/** Prints a labelled list of problems in file order. */
export function printProblems(label: string, problems: readonly Problem[], write: (line: string) => void): void {
  if (problems.length === 0) return;
  write(`${label}:`);
  for (const problem of sortProblems(problems)) write(`  ${formatProblem(problem)}`);
}
