/** Stands in an expected value for a `__typename` the test does not work out: any name will do. */
export const ANY_TYPENAME = Symbol('any __typename');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `maps: entries` list: protobuf maps have no order, so such lists are compared sorted by key. */
function isEntryList(value: unknown[]): boolean {
  return value.length > 0 && value.every((item) => isObject(item) && Object.keys(item).length === 2 && 'key' in item && 'value' in item);
}

const byKey = (items: unknown[]) =>
  [...items].sort((a, b) => JSON.stringify((a as { key: unknown }).key).localeCompare(JSON.stringify((b as { key: unknown }).key)));

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** Where two JSON values first differ, as `path: expected X, got Y`; undefined when they are equal. Object keys may come in any order. */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items ${show(expected)}, got ${actual.length} ${show(actual)}`;
    const [left, right] = isEntryList(expected) && isEntryList(actual) ? [byKey(expected), byKey(actual)] : [expected, actual];
    for (let index = 0; index < left.length; index++) {
      const difference = firstDifference(left[index], right[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in actual)) return `${path}.${key}: expected ${show(expected[key])}, got nothing`;
      if (!(key in expected)) return `${path}.${key}: expected nothing, got ${show(actual[key])}`;
      const difference = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (expected === ANY_TYPENAME && typeof actual === 'string') return undefined;
  return Object.is(expected, actual) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}
