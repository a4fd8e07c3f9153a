import type { FeaturePlugins } from '../feature.js';
import type { LimitsConfig } from '../limits/config.js';
import type { CompressionConfig } from './config.js';
import { availableEncodings } from './encoders.js';
import { useRequestDecompression } from './useRequestDecompression.js';
import { useResponseCompression } from './useResponseCompression.js';

interface CompressionParts {
  config: { compression: CompressionConfig; limits: Pick<LimitsConfig, 'maxBodySize'> };
}

/** Decodes a compressed request body, within `limits.maxBodySize`; none without `compression.enabled`. */
export function requestDecompression({ config }: CompressionParts): FeaturePlugins {
  return config.compression.enabled ? [useRequestDecompression({ maxBodySize: config.limits.maxBodySize })] : [];
}

/** Compresses answers in the coding the client prefers; none without `compression.enabled`. */
export function responseCompression({ config }: CompressionParts): FeaturePlugins {
  return config.compression.enabled
    ? [useResponseCompression({ encodings: availableEncodings(config.compression.encodings), threshold: config.compression.threshold })]
    : [];
}
