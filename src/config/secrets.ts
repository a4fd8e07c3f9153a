/**
 * Which configuration values are secret: the one place that decides what `plexus config` and
 * error messages must never show. A key is secret when listed here or when its name says so, so a
 * key added later (a token, a password) is hidden without being listed.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set(['auth.jwtSecret', 'status.token']);
const SECRET_NAME = /(secret|token|password|passphrase|apiKey|privateKey|credentials?)$/i;
/** Keys whose value is not secret although the name looks so. */
const NOT_SECRET: ReadonlySet<string> = new Set(['cors.credentials']);

export const REDACTED = '[redacted]';

export function isSecretKey(path: readonly PropertyKey[]): boolean {
  const key = path.map(String).join('.');
  if (NOT_SECRET.has(key)) return false;
  return SECRET_KEYS.has(key) || path.some((segment) => typeof segment === 'string' && SECRET_NAME.test(segment));
}

/** A value safe to print: secrets replaced, and the password of any URL (`redis://user:pw@host`) hidden. */
export function redact(path: readonly PropertyKey[], value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (isSecretKey(path)) return REDACTED;
  if (typeof value === 'string') return redactUrl(value);
  if (Array.isArray(value)) return value.map((item, index) => redact([...path, index], item));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact([...path, key], item)]));
  return value;
}

function redactUrl(text: string): string {
  // Up to the last `@` before the path: a password may hold an `@` of its own.
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^/]*@/i, `$1${REDACTED}@`);
}
