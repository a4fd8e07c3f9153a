import { Client, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';

/** Where to connect, from `endpoint:`. */
export interface ChannelTarget {
  /** A gRPC target name: `host:port`, or `dns:`/`unix:`/`ipv4:`/`ipv6:` as given. */
  target: string;
  /** From the scheme: true for grpcs/https, false for grpc/http, undefined when the scheme does not say. */
  secure: boolean | undefined;
}

const PASS_THROUGH = new Set(['dns:', 'unix:', 'unix-abstract:', 'ipv4:', 'ipv6:']);

/**
 * `grpc://host:port` and `http://host:port` are plaintext, `grpcs://` and `https://` are TLS; gRPC
 * target names (`dns:///host:port`, `unix:///path`) are passed to grpc-js unchanged, with TLS when
 * `tls:` is set. Returns a message for any other scheme.
 */
export function parseEndpoint(endpoint: string): ChannelTarget | string {
  const url = new URL(endpoint);
  if (PASS_THROUGH.has(url.protocol)) return { target: endpoint, secure: undefined };
  const secure = url.protocol === 'grpcs:' || url.protocol === 'https:';
  if (!secure && url.protocol !== 'grpc:' && url.protocol !== 'http:') {
    return `endpoint "${endpoint}" has scheme ${url.protocol}; a gRPC endpoint is grpc://, grpcs://, http://, https://, dns:, unix:, ipv4: or ipv6:`;
  }
  if (!url.hostname) return `endpoint "${endpoint}" has no host`;
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

