import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/**
 * `; did you mean "ListWalletsByUsers"?` for the names closest to a misspelt one (graphql-js's
 * own measure, the one behind its "Did you mean" errors), or '' when none is close.
 */
export function didYouMean(input: string, options: Iterable<string>): string {
  const close = suggestionList(input, [...new Set(options)]).slice(0, 3);
  if (close.length === 0) return '';
  const quoted = close.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `; did you mean ${list}?`;
}
