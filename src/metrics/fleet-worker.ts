import type { Registry } from 'prom-client';
import { isFleetMessage, type FleetMessage } from './fleet-protocol.js';

/** How a worker process talks to its primary: `process.send` and `process.on('message')`. */
export interface PrimaryChannel {
  send(message: FleetMessage): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  off(event: 'message', listener: (message: unknown) => void): void;
}

export interface FleetMetricsClient {
  /** The Prometheus text of the whole fleet, as the primary aggregated it. */
  metrics(): Promise<string>;
  /** Stops answering the primary and fails the questions still open. */
  close(): void;
}

export interface FleetMetricsClientOptions {
  /** This worker's registry, reported whenever the primary collects. */
  registry: Registry;
  channel: PrimaryChannel;
  /** How long to wait for the primary's answer before giving up. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The worker's half of fleet metrics: reports this worker's registry when the primary collects,
 * and asks the primary for the aggregate when this worker answers GET /metrics.
 */
export function createFleetMetricsClient({ registry, channel, timeoutMs = 10_000 }: FleetMetricsClientOptions): FleetMetricsClient {
  let nextId = 0;
  const waiting = new Map<number, { resolve(text: string): void; reject(error: Error): void; timer: NodeJS.Timeout }>();

  const onMessage = (message: unknown) => {
    if (!isFleetMessage(message)) return;
    if (message.plexus === 'metrics-collect') {
      const { id } = message;
      void registry.getMetricsAsJSON().then(
        (metrics) => channel.send({ plexus: 'metrics-report', id, metrics }),
        // An empty report still counts as an answer: the primary does not wait for it in vain.
        () => channel.send({ plexus: 'metrics-report', id, metrics: [] }),
      );
    } else if (message.plexus === 'metrics-answer') {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      clearTimeout(entry.timer);
      entry.resolve(message.text);
    }
  };
  channel.on('message', onMessage);

  return {
    metrics() {
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the primary process did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, { resolve, reject, timer });
        channel.send({ plexus: 'metrics-ask', id });
      });
    },
    close() {
      channel.off('message', onMessage);
      for (const [id, entry] of waiting) {
        clearTimeout(entry.timer);
        waiting.delete(id);
        entry.reject(new Error('the worker is shutting down'));
      }
    },
  };
}
