import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project folder; a compiled copy of the bench runs elsewhere and is told where it is. */
export const ROOT = process.env['PLEXUS_PROJECT_ROOT'] ?? fileURLToPath(new URL('..', import.meta.url));

export interface Started {
  child: ChildProcess;
  /** Whatever the child reported when ready (its URL, its environment). */
  message: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * Starts an entry point in its own process (so load, gateway and services do not share a core's
 * event loop) and waits for its `{ ready: true, ... }` IPC message. A `.ts` entry runs through the
 * TypeScript loader, a `.js` one (a build) on plain Node.
 */
export function startProcess(entry: string, args: string[], env: Record<string, string>, nodeOptions: string[] = []): Promise<Started> {
  return new Promise((resolve, reject) => {
    const runner = entry.endsWith('.ts') ? ['bin/run-ts.js', entry] : [entry];
    const child = spawn(process.execPath, [...nodeOptions, ...runner, ...args], {
      cwd: ROOT,
      env: { ...process.env, PLEXUS_PROJECT_ROOT: ROOT, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start in time`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (!message['ready']) return;
      clearTimeout(timer);
      resolve({
        child,
        message,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      });
    });
  });
}

/** The demo services in a process of their own, on free ports; its message carries their environment. */
export function startDemo(): Promise<Started> {
  return startProcess('demo/main.ts', [], { DEMO_USERS_PORT: '0', DEMO_ORDERS_PORT: '0', DEMO_PRODUCTS_PORT: '0', DEMO_INVENTORY_PORT: '0' });
}
