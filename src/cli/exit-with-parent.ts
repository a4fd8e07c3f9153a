/**
 * Under npm (`npm start`, `npx plexus start`: npm sets `npm_lifecycle_event`), stops this process
 * as SIGTERM would, draining first, once the process that started it is gone. npm runs a script
 * through a shell and passes SIGTERM to that shell only: the shell dies and would leave its node
 * child running, with the ports it holds. Node has no parent-death signal, so the parent's pid is
 * checked every `intervalMs` (default 500). Outside npm nothing is watched: a gateway started with
 * `nohup ... &` outlives the shell that started it on purpose.
 */
export function exitWithParent(env: NodeJS.ProcessEnv, intervalMs = 500): void {
  const parent = process.ppid;
  if (env['npm_lifecycle_event'] === undefined || parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
}
