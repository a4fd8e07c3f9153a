import { plexusError } from '../../errors.js';

/**
 * OpenAPI parameter serialisation (`style` and `explode`, OpenAPI 3.x section "Style Values"),
 * for path, query, header and cookie parameters. Values arrive already in wire form.
 */

export interface StyleOptions {
  name: string;
  style: string;
  explode: boolean;
  allowReserved?: boolean;
}

type Entry = [string, unknown];

/** Text of a single value: scalars as they print, anything nested as JSON. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(value: Record<string, unknown>): Entry[] {
  return Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
}

/** Percent-encodes everything but RFC 3986 unreserved characters (and, for `allowReserved`, reserved ones and %XX triples). */
function encoder(allowReserved = false): (value: unknown) => string {
  if (!allowReserved) return (value) => encodeURIComponent(text(value));
  return (value) => text(value).replace(/%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/g, (match) => (match.length === 3 ? match : encodeURIComponent(match)));
}

/**
 * The text that replaces `{name}` in the path. Every value is percent-encoded, `/` included, so no
 * value can add a segment; a value that would itself be a `.` or `..` segment, or empty, is refused.
 */
export function pathValue(options: StyleOptions, value: unknown): string {
  const encode = encoder();
  for (const item of Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [value]) {
    const raw = text(item);
    if (raw === '' || raw === '.' || raw === '..') {
      throw plexusError('BAD_USER_INPUT', `Path parameter "${options.name}" cannot be ${raw === '' ? 'empty' : `"${raw}"`}`);
    }
  }
  const { name, style, explode } = options;
  const list = (separator: string, prefix = '') => {
    if (Array.isArray(value)) return prefix + value.map(encode).join(explode ? separator : ',');
    if (isObject(value)) {
      const pairs = entries(value);
      return prefix + (explode ? pairs.map(([key, item]) => `${encode(key)}=${encode(item)}`).join(separator) : pairs.flat().map(encode).join(','));
    }
    return prefix + encode(value);
  };
  if (style === 'label') return list('.', '.');
  if (style === 'matrix') {
    if (Array.isArray(value) && explode) return value.map((item) => `;${encode(name)}=${encode(item)}`).join('');
    if (isObject(value) && explode) return entries(value).map(([key, item]) => `;${encode(key)}=${encode(item)}`).join('');
    return `;${encode(name)}=${list(',')}`;
  }
  return list(',');
}

/** Encoded `key=value` pairs of a query parameter (also used for form-encoded bodies). */
export function queryPairs(options: StyleOptions, value: unknown): string[] {
  const encode = encoder(options.allowReserved);
  const name = encodeURIComponent(options.name);
  const { style, explode } = options;
  if (style === 'deepObject' && isObject(value)) return deepObjectPairs(name, value, encode);
  if (Array.isArray(value)) {
    if (explode && style === 'form') return value.map((item) => `${name}=${encode(item)}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
    return [`${name}=${value.map(encode).join(separator)}`];
  }
  if (isObject(value)) {
    const pairs = entries(value);
    if (explode) return pairs.map(([key, item]) => `${encodeURIComponent(key)}=${encode(item)}`);
    return [`${name}=${pairs.flat().map(encode).join(',')}`];
  }
  return [`${name}=${encode(value)}`];
}

function deepObjectPairs(prefix: string, value: Record<string, unknown>, encode: (value: unknown) => string): string[] {
  return entries(value).flatMap(([key, item]) => {
    const name = `${prefix}%5B${encodeURIComponent(key)}%5D`;
    if (isObject(item)) return deepObjectPairs(name, item, encode);
    if (Array.isArray(item)) return item.map((element) => `${name}=${encode(element)}`);
    return [`${name}=${encode(item)}`];
  });
}

/** A header parameter (style `simple`). Line breaks could smuggle a second header, so they are refused. */
export function headerValue(options: StyleOptions, value: unknown): string {
  const result = Array.isArray(value)
    ? value.map(text).join(',')
    : isObject(value)
      ? entries(value).map(([key, item]) => (options.explode ? `${key}=${text(item)}` : `${key},${text(item)}`)).join(',')
      : text(value);
  if (/[\r\n\0]/.test(result)) throw plexusError('BAD_USER_INPUT', `Header parameter "${options.name}" cannot contain line breaks`);
  return result;
}

/** A `name=value` pair for the Cookie header (style `form`). */
export function cookiePair(options: StyleOptions, value: unknown): string {
  const encode = encoder();
  const joined = Array.isArray(value) ? value.map(encode).join(',') : isObject(value) ? entries(value).flat().map(encode).join(',') : encode(value);
  return `${encodeURIComponent(options.name)}=${joined}`;
}
