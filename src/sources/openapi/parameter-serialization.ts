import { plexusError } from '../../errors.js';
import { HTTP_FIELD_VALUE, unsendableHeader } from '../../upstream/header-rules.js';

/**
 * OpenAPI parameter serialisation (`style` and `explode`, OpenAPI 3.x section "Style Values"),
 * for path, query, header and cookie parameters. Values arrive already in wire form.
 */

export interface StyleOptions {
  name: string;
  /** The GraphQL argument the value comes from, for messages. Default: `name`. */
  argument?: string;
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

// A UTF-16 surrogate without its partner: JSON can carry one, UTF-8 (and so a URL) cannot.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The caller's error for text that has no UTF-8 form, found before it could fail the URL encoder. */
function checkText(options: StyleOptions, value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw plexusError('BAD_USER_INPUT', `Argument "${options.argument ?? options.name}" holds an unpaired UTF-16 surrogate, which cannot be sent in a URL`, {
      extensions: { argument: options.argument ?? options.name },
    });
  }
  return value;
}

/** Percent-encodes everything but RFC 3986 unreserved characters (and, for `allowReserved`, reserved ones and %XX triples). */
function encoder(options: StyleOptions, allowReserved = false): (value: unknown) => string {
  if (!allowReserved) return (value) => encodeURIComponent(checkText(options, text(value)));
  return (value) =>
    checkText(options, text(value)).replace(/%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/g, (match) =>
      match.length === 3 ? match : encodeURIComponent(match),
    );
}

/**
 * The text that replaces `{name}` in the path. Every value is percent-encoded, `/` included, so no
 * value can add a segment; a value that would itself be a `.` or `..` segment, or empty, is refused.
 */
export function pathValue(options: StyleOptions, value: unknown): string {
  const encode = encoder(options);
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
    if (isObject(value) && explode)
      return entries(value)
        .map(([key, item]) => `;${encode(key)}=${encode(item)}`)
        .join('');
    return `;${encode(name)}=${list(',')}`;
  }
  return list(',');
}

/** Encoded `key=value` pairs of a query parameter (also used for form-encoded bodies). */
export function queryPairs(options: StyleOptions, value: unknown): string[] {
  const encode = encoder(options, options.allowReserved);
  // Keys are always encoded whole: `allowReserved` speaks of values, and a key holding `&` or `=` would add parameters.
  const encodeKey = encoder(options);
  const name = encodeURIComponent(options.name);
  const { style, explode } = options;
  if (style === 'deepObject' && isObject(value)) return deepObjectPairs(name, value, encode, encodeKey);
  if (Array.isArray(value)) {
    if (explode && style === 'form') return value.map((item) => `${name}=${encode(item)}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
    return [`${name}=${value.map(encode).join(separator)}`];
  }
  if (isObject(value)) {
    const pairs = entries(value);
    if (explode) return pairs.map(([key, item]) => `${encodeKey(key)}=${encode(item)}`);
    return [`${name}=${pairs.flat().map(encode).join(',')}`];
  }
  return [`${name}=${encode(value)}`];
}

type Encode = (value: unknown) => string;

function deepObjectPairs(prefix: string, value: Record<string, unknown>, encode: Encode, encodeKey: Encode): string[] {
  return entries(value).flatMap(([key, item]) => {
    const name = `${prefix}%5B${encodeKey(key)}%5D`;
    if (isObject(item)) return deepObjectPairs(name, item, encode, encodeKey);
    if (Array.isArray(item)) return item.map((element) => `${name}=${encode(element)}`);
    return [`${name}=${encode(item)}`];
  });
}

/**
 * A header parameter (style `simple`). A value the HTTP client would refuse (a control character
 * such as a line break, which could smuggle a second header, or a character beyond Latin-1) is the
 * caller's error.
 */
export function headerValue(options: StyleOptions, value: unknown): string {
  const result = Array.isArray(value)
    ? value.map(text).join(',')
    : isObject(value)
      ? entries(value)
          .map(([key, item]) => (options.explode ? `${key}=${text(item)}` : `${key},${text(item)}`))
          .join(',')
      : text(value);
  if (!HTTP_FIELD_VALUE.test(result)) throw unsendableHeader(`Argument "${options.argument ?? options.name}"`, options.name.toLowerCase(), HTTP_FIELD_VALUE);
  return result;
}

/** A `name=value` pair for the Cookie header (style `form`). */
export function cookiePair(options: StyleOptions, value: unknown): string {
  const encode = encoder(options);
  const joined = Array.isArray(value) ? value.map(encode).join(',') : isObject(value) ? entries(value).flat().map(encode).join(',') : encode(value);
  return `${encodeURIComponent(options.name)}=${joined}`;
}
