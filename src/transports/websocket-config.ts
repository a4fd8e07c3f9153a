import { z } from 'zod';
import { booleanish, durationSchema, switchable } from '../config/schema-helpers.js';

const websocketObjectSchema = z.strictObject({
  /** Serve GraphQL over WebSocket (`graphql-transport-ws`) on `/graphql`. Default true. */
  enabled: booleanish.default(true),
  /** How often an open connection is pinged; one that misses a pong is dropped. `0` sends no pings. Default 12s. */
  keepAlive: durationSchema.default(12_000),
  /** How long a new connection may take to send its `connection_init`. Default 3s. */
  connectionInitTimeout: durationSchema.default(3_000),
});

/** `websocket`: GraphQL over WebSocket. `true` (the default), `false`, or an object as above. */
export const websocketConfigSchema = switchable(websocketObjectSchema);

export type WebSocketConfig = z.output<typeof websocketConfigSchema>;

export const websocketEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_WEBSOCKET: ['websocket', 'enabled'],
  PLEXUS_WEBSOCKET_KEEP_ALIVE: ['websocket', 'keepAlive'],
  PLEXUS_WEBSOCKET_CONNECTION_INIT_TIMEOUT: ['websocket', 'connectionInitTimeout'],
};
