import type { YogaPlugin } from '../feature.js';
import type { GatewayServerContext } from './server-context.js';

/**
 * Gives an operation's admission slot back as soon as its answer starts, not when its last byte
 * leaves: a stream (SSE, multipart, incremental delivery) holds no slot while it runs.
 */
export function useAdmissionRelease(): YogaPlugin {
  return {
    onResponse({ serverContext }) {
      (serverContext as GatewayServerContext).leave?.();
    },
  };
}
