/** How deep and how long a value sent by a client (a variable, an extension) is. */
export interface InputSize {
  /** Deepest nesting of objects and lists: 0 for a scalar, 1 for `{}` or `[]`; never more than `maxDepth + 1`. */
  depth: number;
  /** Elements of every list inside, nested lists included, down to `maxDepth + 1` levels. */
  listItems: number;
}

/**
 * Measures a value parsed from JSON with a loop and a stack of its own, never by recursion: a value
 * nested ten thousand levels deep is measured like a flat one, where a recursive walk (JSON.stringify,
 * variable coercion, request building) overflows the call stack. It goes no deeper than
 * `maxDepth + 1` levels, so its work is bounded by the size of the value and ends on any object graph.
 */
export function measureInput(value: unknown, maxDepth: number): InputSize {
  let depth = 0;
  let listItems = 0;
  const values: unknown[] = [value];
  const levels: number[] = [0];
  while (values.length > 0) {
    const item = values.pop();
    const level = levels.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const inner = level + 1;
    if (inner > depth) depth = inner;
    if (Array.isArray(item)) listItems += item.length;
    if (inner > maxDepth) continue;
    const children = Array.isArray(item) ? item : Object.values(item);
    for (const child of children) {
      if (child === null || typeof child !== 'object') continue;
      values.push(child);
      levels.push(inner);
    }
  }
  return { depth, listItems };
}

/** The first entry of a map of values (variables, extensions) nested deeper than `maxDepth`, if any. */
export function tooDeepEntry(values: unknown, maxDepth: number): string | undefined {
  if (values === null || typeof values !== 'object') return undefined;
  for (const [name, value] of Object.entries(values)) if (measureInput(value, maxDepth).depth > maxDepth) return name;
  return undefined;
}
