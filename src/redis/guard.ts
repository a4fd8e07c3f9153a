import { ReplyError } from 'ioredis';
import type { RedisConfig } from './config.js';
import type { Logger } from '../logger.js';
import type { RedisMetrics } from './metrics.js';
import { createRedisBudget, isTimeout, type RedisAvailability, type RedisBudget } from './budget.js';
import type { RedisClient } from './create-client.js';

export interface RedisGuardOptions {
  client: RedisClient;
  config: RedisConfig;
  logger: Logger;
  metrics: RedisMetrics;
  now?: () => number;
}

/** What every Redis store of one gateway calls through. */
export interface RedisGuard {
  /** A fresh budget for one request. */
  budget(): RedisBudget;
  /** Stops the background checks. */
  close(): void;
}

/**
 * Watches the gateway's Redis through the calls its stores make. After `failureThreshold` failed
 * calls in a row, calls are held back (stores fail open or closed at once) for `cooldown`; then a
 * PING decides whether they go through again, as does a new connection becoming ready. A command
 * that timed out has its connection replaced: a reply that never came would otherwise be matched
 * with the next command, and every reply after it with the wrong command.
 */
export function createRedisGuard({ client, config, logger, metrics, now = Date.now }: RedisGuardOptions): RedisGuard {
  let failures = 0;
  let heldBackUntil: number | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  let probing = false;
  let closed = false;

  const replaceConnection = () => {
    // Not ready: it is being replaced already, and only a ready connection takes commands.
    if (client.status !== 'ready') return;
    logger.warn({ commandTimeoutMs: config.commandTimeout }, 'Redis command timed out: replacing the connection');
    client.disconnect(true);
  };

  const scheduleProbe = (delay: number) => {
    clearTimeout(probeTimer);
    if (closed) return;
    probeTimer = setTimeout(() => void probe(), delay);
    probeTimer.unref();
  };

  const holdBack = (error: unknown) => {
    heldBackUntil = now() + config.cooldown;
    logger.error(
      { err: error, failures, cooldownMs: config.cooldown },
      'Redis does not answer: requests go on without it, and it is checked in the background',
    );
    scheduleProbe(config.cooldown);
  };

  const resume = () => {
    heldBackUntil = undefined;
    failures = 0;
    clearTimeout(probeTimer);
    logger.info('Redis answers again: requests use it again');
  };

  const probe = async () => {
    if (probing || closed || heldBackUntil === undefined) return;
    probing = true;
    try {
      await client.ping();
      resume();
    } catch (error) {
      if (isTimeout(error)) replaceConnection();
      heldBackUntil = now() + config.cooldown;
      scheduleProbe(config.cooldown);
    } finally {
      probing = false;
    }
  };

  const availability: RedisAvailability = {
    heldBackFor: () => (heldBackUntil === undefined ? undefined : Math.max(0, heldBackUntil - now())),
    answered: () => {
      failures = 0;
    },
    failed: (error) => {
      // An error reply is Redis answering: the connection is fine.
      if (error instanceof ReplyError) return availability.answered();
      if (isTimeout(error)) replaceConnection();
      if (heldBackUntil !== undefined) return;
      failures++;
      if (failures >= config.failureThreshold) holdBack(error);
    },
  };

  // A new connection answered its handshake: worth checking at once rather than after the cooldown.
  const onReady = () => {
    if (heldBackUntil !== undefined) void probe();
  };
  client.on('ready', onReady);
  metrics.watchRedis(() => heldBackUntil === undefined);

  return {
    budget: () => createRedisBudget({ availability, budgetMs: config.commandTimeout, skipped: metrics.redisSkippedCalls }),
    close() {
      closed = true;
      clearTimeout(probeTimer);
      client.off('ready', onReady);
    },
  };
}
