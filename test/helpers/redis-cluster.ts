import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { eventually, freePort } from './processes.js';

const MASTERS = 3;
const SLOTS = 16_384;

export interface TestRedisCluster {
  /** False when `redis-server` is not installed: the suite should skip (outside CI). */
  available: boolean;
  /** The seed nodes, `127.0.0.1:<port>` each. */
  nodes: string[];
  /** A client of the cluster, for a test to look at what the gateway wrote. */
  client(): Cluster;
  /** Stops every node and deletes their folder. */
  close(): Promise<void>;
}

/**
 * A real Redis Cluster of three masters, no replicas, started from the `redis-server` on the
 * machine on free ports (each with a free cluster bus port) in a temporary folder; the slots are
 * split in three and the nodes introduced with CLUSTER MEET, then it waits for `cluster_state:ok`
 * on every node. Without `redis-server` the suite is skipped with a visible message, except in CI
 * (`CI` set), where it throws.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const message = 'redis-server is not installed';
    if (process.env['CI']) throw new Error(`${message}; CI needs it for the Redis Cluster tests`);
    console.warn(`SKIPPED: ${message}; the Redis Cluster tests are skipped`);
    return { available: false, nodes: [], client: () => unavailable(), close: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'plexus-redis-cluster-'));
  const children: ChildProcess[] = [];
  const clients: Cluster[] = [];
  const close = async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await Promise.all(children.splice(0).map(stop));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports: { port: number; bus: number }[] = [];
    for (let index = 0; index < MASTERS; index++) ports.push({ port: await freePort(), bus: await freePort() });
    for (const [index, { port, bus }] of ports.entries()) {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(bus),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${index}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--cluster-node-timeout',
          '5000',
          '--logfile',
          '',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    // Commands wait in the client's queue until its node listens (the retries end after 5s).
    const admins = ports.map(
      ({ port }) => new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, retryStrategy: (attempt) => (attempt > 50 ? null : 100) }),
    );
    for (const admin of admins) admin.on('error', () => {});
    try {
      await Promise.all(admins.map((admin) => admin.ping()));
      for (const [index, admin] of admins.entries()) {
        const first = Math.floor((SLOTS * index) / MASTERS);
        const last = Math.floor((SLOTS * (index + 1)) / MASTERS) - 1;
        await admin.call('CLUSTER', 'ADDSLOTSRANGE', first, last);
      }
      for (const { port, bus } of ports.slice(1)) await admins[0]!.call('CLUSTER', 'MEET', '127.0.0.1', port, bus);
      const ready = await eventually(async () => {
        const states = await Promise.all(admins.map((admin) => admin.cluster('INFO')));
        return states.every((info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${MASTERS}`));
      }, 20_000);
      if (!ready) throw new Error('the Redis Cluster did not reach cluster_state:ok');
    } finally {
      for (const admin of admins) admin.disconnect();
    }
    const nodes = ports.map(({ port }) => `127.0.0.1:${port}`);
    return {
      available: true,
      nodes,
      client() {
        const client = new Cluster(nodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })));
        clients.push(client);
        return client;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function unavailable(): never {
  throw new Error('redis-server is not installed');
}
