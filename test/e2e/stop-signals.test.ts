import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { demoProject } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';
import { alive, descendants, eventually, freePort, portFree } from '../helpers/processes.js';

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Runs `command` in the repository as a person would, over a copy of the demo's folders, waits
 * until the gateway answers, sends `signal` to the process it started, and checks that every
 * process below it is gone and every port is free again.
 */
async function stopsCleanly(
  command: string[],
  signal: NodeJS.Signals,
  extraEnv: (ports: number[]) => Record<string, string>,
  target: 'command' | 'node' = 'command',
): Promise<void> {
  const project = await demoProject();
  const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const [gatewayPort] = ports as [number];
  const folders = ['--sources', project.sourcesDir, '--schemas', project.schemasDir];
  const child = spawn(command[0]!, [...command.slice(1), ...folders], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(gatewayPort), npm_config_update_notifier: 'false', ...extraEnv(ports) },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let pids: number[] = [];
  try {
    expect(await eventually(() => answers(`http://127.0.0.1:${gatewayPort}`), 60_000)).toBe(true);
    pids = await descendants(child.pid!);
    expect(pids.length).toBeGreaterThan(0);
    // `node`: the signal goes to the first node process below the command, as `kill -INT <pid of plexus>` would.
    const victim = target === 'command' ? child.pid! : await firstNode(pids);
    process.kill(victim, signal);
    await exited;
    expect(await eventually(() => pids.every((pid) => !alive(pid)), 30_000), `still running: ${pids.filter(alive).join(', ')}`).toBe(true);
    for (const port of ports) expect(await portFree(port), `port ${port} is free`).toBe(true);
  } finally {
    if (pids.length === 0) pids = await descendants(child.pid!);
    for (const pid of [child.pid!, ...pids]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await project.remove();
  }
}

async function firstNode(pids: number[]): Promise<number> {
  for (const pid of pids) {
    const command = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (command.trim() === 'node') return pid;
  }
  throw new Error('no node process below the command');
}

const demoPorts = (ports: number[]): Record<string, string> => ({
  DEMO_USERS_PORT: String(ports[1]),
  DEMO_ORDERS_PORT: String(ports[2]),
  DEMO_PRODUCTS_PORT: String(ports[3]),
  DEMO_INVENTORY_PORT: String(ports[4]),
});

describe('stopping what npm start and npx plexus start started', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to `npm start` stops the gateway and the demo services, leaving no process and no port',
    async (signal) => {
      await stopsCleanly(['npm', 'start', '--'], signal, demoPorts);
    },
    120_000,
  );

  it('SIGTERM to `npx plexus start` stops the gateway', async () => {
    await stopsCleanly(['npx', 'plexus', 'start'], 'SIGTERM', demoPorts);
  }, 120_000);

  // npm hands a signal sent to npm itself to the shell it runs a command in, and a shell waiting
  // for its command keeps SIGINT to itself (a terminal's Ctrl-C reaches every process anyway).
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the gateway process `npx plexus start` created stops it, and npx with it',
    async (signal) => {
      await stopsCleanly(['npx', 'plexus', 'start'], signal, demoPorts, 'node');
    },
    120_000,
  );
});
