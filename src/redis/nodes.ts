import { z } from 'zod';
import { got } from '../config/issue-messages.js';
import { expecting } from '../config/schema-helpers.js';

/** One Redis Cluster seed node, as ioredis's Cluster takes it. */
export interface RedisNode {
  host: string;
  port: number;
  /** Written as `rediss://`: the node speaks TLS. */
  tls: boolean;
  username?: string;
  password?: string;
}

const BOOLEAN_WORDS = new Set(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']);

/**
 * Reads `host:port`, `[ipv6]:port`, `redis://host:port` or `rediss://user:password@host:port`.
 * Returns a message instead of a node for anything else.
 */
export function parseRedisNode(text: string): RedisNode | string {
  const written = text.trim();
  const withScheme = /^[a-z]+:\/\//i.test(written) ? written : `redis://${written}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return `expected host:port or redis://host:port${got(written)}`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `expected a redis:// or rediss:// address${got(written)}`;
  const port = Number(url.port || 6379);
  if (!url.hostname) return `expected host:port${got(written)}`;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    tls: url.protocol === 'rediss:',
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
  };
}

/**
 * `redis.cluster`: `false` (one Redis at `url`), `true` (`url` is one seed of a Cluster), or the
 * seed nodes as a list or, from the environment, a comma-separated string. Out: the seed nodes, or
 * undefined for a single Redis.
 */
export const redisClusterSchema = z
  .preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (BOOLEAN_WORDS.has(text.toLowerCase())) return ['true', '1', 'yes', 'on'].includes(text.toLowerCase());
      return text
        .split(',')
        .map((node) => node.trim())
        .filter(Boolean);
    },
    z.union([z.boolean(), z.array(z.string()).min(1, 'give at least one seed node')], expecting('true, false or a list of seed nodes (host:port)')),
  )
  .transform((value, ctx): RedisNode[] | true | undefined => {
    if (value === false) return undefined;
    if (value === true) return true;
    const nodes: RedisNode[] = [];
    value.forEach((text, index) => {
      const node = parseRedisNode(text);
      if (typeof node === 'string') ctx.addIssue({ code: 'custom', path: [index], message: node });
      else nodes.push(node);
    });
    return nodes;
  });
