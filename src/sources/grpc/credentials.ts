import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { describeFsError } from '../../config/yaml-file.js';
import { SourceLoadError } from '../types.js';
import type { GrpcTlsConfig } from './config.js';

export interface CredentialsOptions {
  tls: GrpcTlsConfig | undefined;
  /** What the endpoint's scheme says about TLS (see `parseEndpoint`). */
  secure: boolean | undefined;
  /** Absolute path of the source folder: certificate files are relative to it. */
  dir: string;
  /** `sources/<name>/source.yaml`, for problems. */
  configFile: string;
}

/** Channel credentials for plaintext, TLS or mutual TLS, with certificates read once, at load. */
export async function channelCredentials(options: CredentialsOptions): Promise<{ credentials: ChannelCredentials; channelOptions: ChannelOptions }> {
  const { tls, secure, configFile } = options;
  if (tls !== undefined && secure === false) {
    throw new SourceLoadError([
      { file: configFile, message: '"tls" is set but the endpoint is plaintext (grpc:// or http://); use grpcs://, https:// or a bare host:port' },
    ]);
  }
  if (tls === undefined && secure !== true) return { credentials: credentials.createInsecure(), channelOptions: {} };
  const settings = tls === true || tls === undefined ? {} : tls;
  const pem = async (key: string, value: string | undefined): Promise<Buffer | null> => {
    if (value === undefined) return null;
    // PEM text straight from the environment (`ca: ${ORDERS_CA}`) is as welcome as a file name.
    if (value.includes('-----BEGIN')) return Buffer.from(value);
    try {
      return await readFile(resolve(options.dir, value));
    } catch (error) {
      throw new SourceLoadError([{ file: configFile, message: `tls.${key}: cannot read "${value}" (${describeFsError(error)})` }]);
    }
  };
  const [ca, cert, key] = await Promise.all([pem('ca', settings.ca), pem('cert', settings.cert), pem('key', settings.key)]);
  let made: ChannelCredentials;
  try {
    made = credentials.createSsl(ca, key, cert);
  } catch (error) {
    throw new SourceLoadError([{ file: configFile, message: `tls: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const channelOptions: ChannelOptions = settings.serverName
    ? { 'grpc.ssl_target_name_override': settings.serverName, 'grpc.default_authority': settings.serverName }
    : {};
  return { credentials: made, channelOptions };
}
