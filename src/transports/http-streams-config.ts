import { z } from 'zod';
import { durationSchema, numberIn } from '../config/schema-helpers.js';

/**
 * `httpStreams`: the HTTP transports that stream results (SSE and multipart subscriptions).
 * GraphQL over SSE in single-connection mode reserves a stream with a PUT; every reservation holds
 * memory until its stream closes, so reservations are counted and expire when left unused.
 */
export const httpStreamsConfigSchema = z
  .strictObject({
    /** Interval of the empty `{}` part that keeps a multipart subscription's connection alive. Default 5s. */
    heartbeat: durationSchema.default(5000),
    /** Open single-connection SSE reservations the gateway holds at most, all callers together. Default 1000. */
    maxReservations: numberIn({ whole: true, min: 1 }).default(1000),
    /** Open single-connection SSE reservations one client address may hold. Default 10. */
    maxReservationsPerClient: numberIn({ whole: true, min: 1 }).default(10),
    /** How long a reservation waits for its stream to be opened before it is dropped. Default 30s. */
    reservationTimeout: durationSchema.default(30_000),
  })
  .default({ heartbeat: 5000, maxReservations: 1000, maxReservationsPerClient: 10, reservationTimeout: 30_000 });

export type HttpStreamsConfig = z.output<typeof httpStreamsConfigSchema>;

export const httpStreamsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_HTTP_STREAMS_HEARTBEAT: ['httpStreams', 'heartbeat'],
  PLEXUS_HTTP_STREAMS_MAX_RESERVATIONS: ['httpStreams', 'maxReservations'],
};
