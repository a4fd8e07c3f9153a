import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/**
 * The candidate closest to `name` when it is close enough to be a likely typo (`cahce` → `cache`),
 * by graphql-js's measure, the one behind its own "Did you mean" errors and the link checks'.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return suggestionList(name, [...new Set(candidates)])[0];
}

/** ` (did you mean "x"?)` for the one closest name, or nothing: the form of configuration messages. */
export function didYouMean(name: string, candidates: Iterable<string>, show: (candidate: string) => string = (candidate) => candidate): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean "${show(closest)}"?)`;
}

/**
 * `; did you mean "ListWalletsByUsers"?` for the names closest to a misspelt one (graphql-js's
 * own measure, the one behind its "Did you mean" errors), or '' when none is close. `sameAs`
 * maps each name to what it names, so that two names of one thing (an RPC and its field) are
 * suggested once, in the closer spelling.
 */
export function didYouMeanAny(input: string, options: Iterable<string>, sameAs: (name: string) => unknown = (name) => name): string {
  // One spelling per thing, in order of closeness; of equally close ones, the one cased like the input.
  const chosen = new Map<unknown, string>();
  for (const name of suggestionList(input, [...new Set(options)])) {
    const thing = sameAs(name);
    const before = chosen.get(thing);
    if (before === undefined || (before[0] !== input[0] && name[0] === input[0] && name.toLowerCase() === before.toLowerCase())) chosen.set(thing, name);
  }
  const close = [...chosen.values()].slice(0, 3);
  if (close.length === 0) return '';
  const quoted = close.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `; did you mean ${list}?`;
}
