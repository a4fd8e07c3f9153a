import type { FeaturePlugins, YogaPlugin } from '../feature.js';
import type { Logger } from '../logger.js';
import type { HttpStreamsConfig } from './http-streams-config.js';
import { useMultipartSubscriptions } from './useMultipartSubscriptions.js';
import { useTransportRefusal } from './useTransportRefusal.js';

interface TransportParts {
  config: { httpStreams: HttpStreamsConfig };
  logger: Logger;
  /** GraphQL over SSE's single-connection mode: one instance for every configuration, made by the gateway. */
  sseSingleConnection: YogaPlugin;
}

/** The HTTP streaming transports: SSE's single-connection mode, multipart subscriptions, and the refusal of any other. */
export function streamingTransports({ config, logger, sseSingleConnection }: TransportParts): FeaturePlugins {
  return [sseSingleConnection, useMultipartSubscriptions({ heartbeatMs: config.httpStreams.heartbeat, logger }), useTransportRefusal()];
}
