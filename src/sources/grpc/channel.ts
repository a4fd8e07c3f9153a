import { Client, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';

/** Where to connect, from `endpoint:`. */
export interface ChannelTarget {
  /** A gRPC target name: `host:port`, or `dns:`/`unix:`/`ipv4:`/`ipv6:` as given. */
  target: string;
  /** From the scheme: true for grpcs/https, false for grpc/http, undefined when the scheme does not say. */
  secure: boolean | undefined;
}

const PASS_THROUGH = /^(dns|unix|unix-abstract|ipv4|ipv6|vsock):/;
/** `host:port` as gRPC users write it: a name, an IPv4 address or a bracketed IPv6 address, and a port. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d+)$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const FORMS = 'host:port, grpc://host:port, grpcs://host:port, dns:///host:port or unix:///path';

/**
 * Reads `endpoint:` as gRPC users write it. A bare `host:port` (`orders:50051`, `127.0.0.1:4102`)
 * and gRPC target names (`dns:///host:port`, `unix:///path`, `ipv4:`, `ipv6:`) go to grpc-js
 * unchanged, plaintext unless `tls:` is set; `grpc://` and `http://` are plaintext, `grpcs://` and
 * `https://` TLS. Otherwise returns what is wrong, to follow `"endpoint": `.
 */
export function parseEndpoint(endpoint: string): ChannelTarget | string {
  if (endpoint.trim() === '') return 'the value is empty (is its environment variable set?)';
  if (PASS_THROUGH.test(endpoint)) {
    return /^[a-z-]+:\/*$/.test(endpoint) ? `"${endpoint}" names no address; write ${FORMS}` : { target: endpoint, secure: undefined };
  }
  const scheme = SCHEME.exec(endpoint)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const hostPort = HOST_PORT.exec(endpoint);
    if (!hostPort) {
      const hint = /^[^:/\s]+$/.test(endpoint) ? `has no port; write ${endpoint}:<port>` : `is not a gRPC endpoint; write ${FORMS}`;
      return `"${endpoint}" ${hint}`;
    }
    const port = Number(hostPort[2]);
    if (port < 1 || port > 65_535) return `"${endpoint}" has port ${hostPort[2]}, outside 1-65535`;
    return { target: endpoint, secure: undefined };
  }
  if (!['grpc', 'grpcs', 'http', 'https'].includes(scheme)) {
    return `"${endpoint}" has scheme ${scheme}://; write ${FORMS} (http:// and https:// work too)`;
  }
  if (!URL.canParse(endpoint)) return `"${endpoint}" is not a valid URL`;
  const url = new URL(endpoint);
  if (!url.hostname) return `"${endpoint}" has no host`;
  const secure = scheme === 'grpcs' || scheme === 'https';
  return { target: url.port ? url.host : `${url.host}:${secure ? 443 : 80}`, secure };
}

/** The source's one channel: a grpc-js client opened on first use, so that loading for `compose` connects nowhere. */
export interface GrpcChannel {
  client(): Client;
  close(): void;
}

export interface ChannelSettings {
  target: string;
  credentials: ChannelCredentials;
  options: ChannelOptions;
}

export function createChannel(settings: ChannelSettings): GrpcChannel {
  let client: Client | undefined;
  let closed = false;
  return {
    client() {
      if (closed) throw new Error('the channel is closed');
      client ??= new Client(settings.target, settings.credentials, settings.options);
      return client;
    },
    close() {
      closed = true;
      client?.close();
    },
  };
}
