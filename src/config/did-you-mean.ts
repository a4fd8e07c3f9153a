import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/**
 * The candidate closest to `name` when it is close enough to be a likely typo (`cahce` → `cache`),
 * by graphql-js's measure, the one behind its own "Did you mean" errors and the link checks'.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return suggestionList(name, [...new Set(candidates)])[0];
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>, show: (candidate: string) => string = (candidate) => candidate): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean "${show(closest)}"?)`;
}
