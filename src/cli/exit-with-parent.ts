/**
 * Stops this process, as SIGTERM would (draining first), once the process that started it is gone.
 * npm runs a script through a shell, and passes SIGTERM or SIGINT to that shell only: the shell dies
 * and leaves its node child running, with the ports it holds. Node has no parent-death signal, so
 * the parent's pid is checked every `intervalMs` (default 500). A process whose parent is already
 * init (pid 1) or that has no parent (a container's first process) is left alone.
 */
export function exitWithParent(intervalMs = 500): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
}
