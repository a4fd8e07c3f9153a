/**
 * One entry of `cors.origins`: an exact origin (`https://app.example.com`), or a pattern where `*.`
 * before the host stands for one or more subdomain labels and `:*` for any port.
 */
export interface OriginPattern {
  /** As written in the configuration. */
  source: string;
  /** Lower-case scheme, without `://`. */
  scheme: string;
  /** Lower-case host; with `subdomains`, the part after `*.`. */
  host: string;
  /** `*.` before the host: matches hosts that end with `.host`, never `host` itself. */
  subdomains: boolean;
  /** The port as browsers write it: `''` for none or the scheme's default port, `*` for any. */
  port: string;
}

// scheme://host[:port], nothing else: no path, query, user or fragment. A host is dot-separated
// labels or a bracketed IPv6 address; `*.` may stand first and `*` may stand for the port.
const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}|\*))?$/;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

function parse(text: string): OriginPattern | undefined {
  const match = ORIGIN.exec(text.toLowerCase());
  if (!match) return undefined;
  const [, scheme = '', wildcard, host = '', port = ''] = match;
  if (wildcard !== undefined && host.startsWith('[')) return undefined;
  return { source: text, scheme, host, subdomains: wildcard !== undefined, port: port === DEFAULT_PORTS[scheme] ? '' : port };
}

/** Parses an entry of `cors.origins` (a trailing `/` is forgiven); undefined when it is neither an origin nor a pattern. */
export function parseOriginPattern(text: string): OriginPattern | undefined {
  return parse(text.trim().replace(/\/$/, ''));
}

/**
 * True when a request's `Origin` header matches the pattern. The header must be a plain origin
 * itself (`null`, a path or a `*` never match), and the host match is anchored at both ends:
 * `https://*.example.com` matches `https://app.example.com`, not `https://example.com.evil.example`.
 */
export function matchesOrigin(pattern: OriginPattern, origin: string): boolean {
  const candidate = parse(origin);
  if (!candidate || candidate.subdomains || candidate.port === '*') return false;
  if (candidate.scheme !== pattern.scheme) return false;
  if (pattern.port !== '*' && candidate.port !== pattern.port) return false;
  return pattern.subdomains ? candidate.host.endsWith(`.${pattern.host}`) : candidate.host === pattern.host;
}
