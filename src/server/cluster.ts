import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';
import { createFleetAggregator } from '../metrics/fleet-primary.js';
import { isFleetMessage } from '../metrics/fleet-protocol.js';
import { watchProject, type ProjectWatcher } from './watch-project.js';

/** What a worker tells the primary once it serves. */
interface ReadyMessage {
  plexus: 'ready';
  url: string;
}

/** In a worker: tells the primary that this worker serves at `url`. */
export function reportWorkerReady(url: string): void {
  const message: ReadyMessage = { plexus: 'ready', url };
  process.send?.(message);
}

export interface PrimaryOptions {
  /** How many worker processes to run; each is a whole gateway. */
  workers: number;
  logger: Logger;
  /** How long workers may drain after SIGTERM; a worker still running 5 s after it is killed. */
  graceMs: number;
  /** Watch these folders and tell every worker to reload when a file changes. Default: no watching. */
  watch?: { sourcesDir: string; schemasDir: string; cwd: string; files?: string[] };
  /** What a worker runs. Default: this process's script and arguments, as node:cluster does. */
  fork?: { exec: string; args: string[]; execArgv?: string[] };
  /** How long a fleet metrics collection waits for the workers before answering without the silent ones. Default 2 s. */
  metricsTimeoutMs?: number;
  /** Wait before replacing a dead worker; doubles while replacements die before serving, up to 30 s. Default 500 ms. */
  restartDelayMs?: number;
}

export interface Primary {
  /** Where the workers serve, e.g. `http://localhost:4000`. */
  url: string;
  /** Process ids of the workers running now. */
  pids(): number[];
  /** Resolves with the exit code for this process once every worker has exited after a shutdown. */
  done: Promise<number>;
}

/**
 * The primary of `plexus start --workers N`: starts N workers that share the port (node:cluster
 * hands out connections round-robin), replaces a worker that dies, forwards SIGHUP (reload) and
 * SIGTERM/SIGINT (drain) to every worker, and finishes once all of them have drained. Workers share
 * nothing but what the configuration puts in Redis. Rejects when a worker fails to start.
 */
export async function runPrimary(options: PrimaryOptions): Promise<Primary> {
  const { logger, restartDelayMs = 500 } = options;
  if (options.fork) cluster.setupPrimary(options.fork);
  const running = new Set<Worker>();
  const serving = new Map<Worker, string>();
  let stopping = false;
  let started = false;
  let failures = 0;
  let earlyDeaths = 0;
  let watcher: ProjectWatcher | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  let startup: { resolve(url: string): void; reject(error: Error): void } | undefined;
  // GET /metrics on any worker is answered with the sum over every worker serving now.
  const fleet = createFleetAggregator(options.metricsTimeoutMs === undefined ? {} : { timeoutMs: options.metricsTimeoutMs });
  const onFleetMessage = (worker: Worker, message: unknown) => {
    if (!isFleetMessage(message)) return;
    if (message.plexus === 'metrics-report') return fleet.report(worker.id, message);
    if (message.plexus !== 'metrics-ask') return;
    const { id } = message;
    const targets = [...serving.keys()].filter((one) => one.isConnected()).map((one) => ({ id: one.id, send: (sent: object) => one.send(sent) }));
    void fleet.collect(targets).then((text) => {
      if (worker.isConnected()) worker.send({ plexus: 'metrics-answer', id, text });
    });
  };

  const signalAll = (signal: NodeJS.Signals) => {
    for (const worker of running) worker.process.kill(signal);
  };
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason, workers: running.size }, 'shutting down: draining every worker');
    void watcher?.close();
    signalAll('SIGTERM');
    setTimeout(() => signalAll('SIGKILL'), options.graceMs + 5000).unref();
    if (running.size === 0) finish(failures > 0 ? 1 : 0);
  };

  const spawn = () => {
    const worker = cluster.fork();
    running.add(worker);
    worker.on('message', (message: Partial<ReadyMessage>) => {
      onFleetMessage(worker, message);
      if (message?.plexus !== 'ready' || typeof message.url !== 'string') return;
      serving.set(worker, message.url);
      earlyDeaths = 0;
      logger.info({ pid: worker.process.pid, worker: worker.id }, 'worker ready');
      if (!started && serving.size === options.workers) startup?.resolve(message.url);
    });
    worker.on('exit', (code, signal) => {
      running.delete(worker);
      const wasServing = serving.delete(worker);
      if (stopping) {
        if (code !== 0) failures++;
        if (running.size === 0) finish(failures > 0 ? 1 : 0);
        return;
      }
      if (!started) {
        // The worker reported why on stderr (a bad source, a port in use): stop the others, and
        // fail once they are gone, so that none outlives this process.
        stop('a worker could not start');
        void done.then(() => startup?.reject(new Error(`a worker exited during start-up (${signal ?? `code ${code}`})`)));
        return;
      }
      const delay = wasServing ? restartDelayMs : Math.min(restartDelayMs * 2 ** ++earlyDeaths, 30_000);
      logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker exited unexpectedly; starting a replacement');
      setTimeout(() => stopping || spawn(), delay).unref();
    });
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    logger.info('SIGHUP: every worker reloads gateway.yaml and its schema');
    signalAll('SIGHUP');
  });

  const url = await new Promise<string>((resolve, reject) => {
    startup = { resolve, reject };
    for (let index = 0; index < options.workers; index++) spawn();
  });
  started = true;
  if (options.watch) {
    watcher = watchProject({ ...options.watch, logger, onChange: () => signalAll('SIGHUP') });
    await watcher.ready;
  }
  return { url, pids: () => [...running].flatMap((worker) => (worker.process.pid === undefined ? [] : [worker.process.pid])), done };
}
