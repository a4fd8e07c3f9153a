export type Env = Readonly<Record<string, string | undefined>>;

const PATTERN = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in a string; `$$` is a literal `$`.
 * `${VAR:-x}` uses x when VAR is unset or empty, `${VAR-x}` only when unset (as in POSIX shells).
 * An unset variable without default becomes '' and is reported through `onMissing`.
 */
export function interpolate(text: string, env: Env, onMissing?: (name: string) => void): string {
  return text.replace(PATTERN, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    const emptyCounts = whole.includes(':-');
    if (fallback !== undefined) {
      if (value === undefined || (emptyCounts && value === '')) return fallback;
      return value;
    }
    if (value === undefined) onMissing?.(name!);
    return value ?? '';
  });
}

/** Interpolates every string inside a parsed YAML value, leaving keys and other scalars alone. */
export function interpolateDeep(value: unknown, env: Env, onMissing?: (name: string) => void): unknown {
  if (typeof value === 'string') return interpolate(value, env, onMissing);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env, onMissing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env, onMissing)]));
  }
  return value;
}
