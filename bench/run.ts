// `npm run bench [-- --duration 10 --connections 32 --only fan-out --profile]`
// Demo services, gateway, hand-written aggregator and the load generator each run in their own
// process on 127.0.0.1; results go to stdout as a table and to bench/results/latest.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { metricValue } from '../test/helpers/gateway.js';
import { LOAD_OPTIONS, gatewayEntry } from './build.js';
import { ROOT, startDemo, startProcess, type Started } from './processes.js';
import { CACHED_SCENARIOS, FAN_OUT, SCENARIOS, type CachedScenario } from './scenarios.js';
import { summariseProfiles } from './profile-summary.js';

const { values: options } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const entry = await gatewayEntry(options.build);
const duration = Number(options.duration);
const connections = Number(options.connections);
const resultsDir = join(ROOT, 'bench', 'results');
await mkdir(resultsDir, { recursive: true });

const gatewayNodeOptions = ['--max-semi-space-size=32', ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [])];
const started: Started[] = [];
try {
  const demo = await startDemo();
  started.push(demo);
  const env = demo.message['env'] as Record<string, string>;
  const gateway = await startProcess(entry, [], { ...env, NODE_ENV: 'production' }, gatewayNodeOptions);
  started.push(gateway);
  const aggregator = await startProcess('bench/aggregator.ts', [], env);
  started.push(aggregator);
  const urls = { gateway: `${gateway.message['url']}/graphql`, aggregator: String(aggregator.message['url']) };

  const [fromGateway, fromAggregator] = await Promise.all([post(urls.gateway, FAN_OUT), post(urls.aggregator, FAN_OUT)]);
  const identical = fromGateway === fromAggregator;
  console.log(`fan-out answer: gateway and aggregator ${identical ? 'byte-identical' : 'DIFFER'} (${fromGateway.length} bytes)`);

  const pids = { demo: demo.child.pid!, gateway: gateway.child.pid!, aggregator: aggregator.child.pid!, load: process.pid };
  const metricsUrl = `${gateway.message['url']}/metrics`;
  const selected = (name: string) => !options.only || name.startsWith(options.only);
  const rows: Row[] = [];
  const report = (row: Row) => {
    rows.push(row);
    console.log(formatRow(row));
  };
  for (const scenario of SCENARIOS.filter((candidate) => selected(candidate.name))) {
    const target = scenario.target ?? 'gateway';
    report(await measure({ name: scenario.name, url: urls[target], query: scenario.query, metricsUrl, pids, ...(target === 'aggregator' && { callsPerRequest: 3 }) }));
  }
  for (const scenario of CACHED_SCENARIOS.filter((candidate) => selected(candidate.name))) {
    report(await measureCached(scenario, entry, env, urls.gateway, { demo: pids.demo, load: process.pid }));
  }
  await writeFile(join(resultsDir, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), duration, connections, identical, rows }, null, 2)}\n`);
  console.log(`\n| scenario | req/s | p50 ms | p99 ms | upstream calls/req | gateway RSS MB | errors | CPU ms/req |\n| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const row of rows) console.log(formatRow(row));
} finally {
  for (const process of started.reverse()) await process.stop();
}
if (options.profile) {
  // The gateway writes its profile when it exits.
  console.log('\nGateway CPU profile, top self time:\n');
  console.log(await summariseProfiles(resultsDir));
}

async function post(url: string, query: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.text();
}

interface Row {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  upstreamCallsPerRequest: number | null;
  gatewayRssMb: number | null;
  errors: number;
  /** CPU milliseconds each process spent per request during the measured run. */
  cpuMsPerRequest: Record<string, number>;
}

interface Target {
  name: string;
  url: string;
  query: string;
  /** The gateway's metrics, for upstream calls and RSS; absent for processes that are not a gateway. */
  metricsUrl?: string;
  pids: Record<string, number>;
  /** Known calls per request (the aggregator makes three by construction). */
  callsPerRequest?: number;
}

async function measure(target: Target): Promise<Row> {
  const body = JSON.stringify({ query: target.query });
  const load = (seconds: number) =>
    autocannon({ url: target.url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds });
  await load(Number(options.warmup));
  let callsAlone: number | null = target.callsPerRequest ?? null;
  if (target.metricsUrl && callsAlone === null) {
    await settle(target.metricsUrl);
    // Calls per request measured on one request alone: exact, unlike a count over a run that ends with requests in flight.
    const before = await upstreamCalls(target.metricsUrl);
    await post(target.url, target.query);
    callsAlone = (await upstreamCalls(target.metricsUrl)) - before;
  }
  const cpuBefore = await cpuTimes(target.pids);
  const result = await load(duration);
  const cpuAfter = await cpuTimes(target.pids);
  const metrics = target.metricsUrl ? await (await fetch(target.metricsUrl)).text() : undefined;
  const completed = result.requests.total;
  return {
    scenario: target.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    upstreamCallsPerRequest: callsAlone,
    gatewayRssMb: metrics ? Math.round(metricValue(metrics, 'plexus_process_resident_memory_bytes') / 1e6) : null,
    errors: result.errors + result.non2xx,
    cpuMsPerRequest: Object.fromEntries(
      Object.keys(target.pids).map((name) => [name, completed ? Math.round(((cpuAfter[name]! - cpuBefore[name]!) / completed) * 100) / 100 : 0]),
    ),
  };
}

/** A cached scenario runs against a gateway (or a bare server) of its own, started for it and stopped after. */
async function measureCached(scenario: CachedScenario, entry: string, demoEnv: Record<string, string>, referenceUrl: string, pids: Record<string, number>): Promise<Row> {
  if (scenario.target === 'static') {
    const server = await startProcess('bench/static-server.ts', [], { STATIC_FROM: referenceUrl, STATIC_QUERY: scenario.query });
    try {
      return await measure({ name: scenario.name, url: String(server.message['url']), query: scenario.query, pids: { ...pids, server: server.child.pid! } });
    } finally {
      await server.stop();
    }
  }
  const keyPrefix = `plexus:bench:${process.pid}:${Date.now()}:`;
  const redis = scenario.gatewayEnv['PLEXUS_CACHE_STORE'] === 'redis';
  const gateway = await startProcess(
    entry,
    [],
    { ...demoEnv, NODE_ENV: 'production', ...scenario.gatewayEnv, ...(redis && { PLEXUS_CACHE_KEY_PREFIX: keyPrefix, REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' }) },
    gatewayNodeOptions.filter((option) => !option.startsWith('--cpu-prof')),
  );
  try {
    const url = `${gateway.message['url']}/graphql`;
    await post(url, scenario.query);
    return await measure({ name: scenario.name, url, query: scenario.query, metricsUrl: `${gateway.message['url']}/metrics`, pids: { ...pids, gateway: gateway.child.pid! } });
  } finally {
    await gateway.stop();
    if (redis) await dropKeys(keyPrefix);
  }
}

async function dropKeys(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) if (keys.length) await client.del(...keys);
  } catch (error) {
    console.warn(`could not remove the benchmark's Redis keys (${prefix}*): ${(error as Error).message}`);
  } finally {
    client.disconnect();
  }
}

/** User plus system CPU time of each process so far, in milliseconds (Linux /proc). */
async function cpuTimes(pids: Record<string, number>): Promise<Record<string, number>> {
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
async function settle(metricsUrl: string): Promise<void> {
  let last = -1;
  for (let count = await upstreamCalls(metricsUrl); count !== last; count = await upstreamCalls(metricsUrl)) {
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function upstreamCalls(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('plexus_upstream_requests_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function formatRow(row: Row): string {
  const cpu = Object.entries(row.cpuMsPerRequest).map(([name, ms]) => `${name} ${ms}`).join(', ');
  return `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.upstreamCallsPerRequest ?? '-'} | ${row.gatewayRssMb ?? '-'} | ${row.errors} | ${cpu} |`;
}
