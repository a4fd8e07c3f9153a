// What the benchmark reads off the processes it runs: CPU time, and upstream calls as each counts them.
import { readFile } from 'node:fs/promises';

/** User plus system CPU time of each process so far, in milliseconds (Linux /proc). */
export async function cpuTimes(pids: Record<string, number>): Promise<Record<string, number>> {
  const ticksPerMs = 100 / 1000;
  const entries = await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [name, (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / ticksPerMs] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Waits until requests left in flight by a run have finished (the upstream call count stops moving). */
export async function settle(calls: () => Promise<Record<string, number>>): Promise<void> {
  let last = -1;
  for (let count = total(await calls()); count !== last; count = total(await calls())) {
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** `plexus_upstream_requests_total` of the gateway, by its `source` label. */
export async function gatewayCalls(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^plexus_upstream_requests_total\{.*source="([^"]*)".*\} (\S+)$/.exec(line);
    if (match) counts[match[1]!] = (counts[match[1]!] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** The calls a hand-written aggregator has made, which it counts itself (bench/aggregator-clients.ts). */
export async function aggregatorCalls(url: string): Promise<Record<string, number>> {
  return (await (await fetch(new URL('/calls', url))).json()) as Record<string, number>;
}
