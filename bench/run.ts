// `npm run bench [-- --duration 10 --connections 32 --only fan-out --profile]`
// Demo services, gateway, hand-written aggregator and the load generator each run in their own
// process on 127.0.0.1; results go to stdout as a table and to bench/results/latest.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { metricValue } from '../test/helpers/gateway.js';
import { buildGatewayForBench } from './build.js';
import { ROOT, startProcess, type Started } from './processes.js';
import { FAN_OUT, SCENARIOS, type Scenario } from './scenarios.js';
import { summariseProfiles } from './profile-summary.js';

const { values: options } = parseArgs({
  options: {
    // Run the gateway from a compiled build (default), or through the TypeScript loader with --no-build.
    build: { type: 'boolean', default: true },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const gatewayEntry = options.build ? await buildGatewayForBench() : 'bench/gateway-process.ts';
const duration = Number(options.duration);
const connections = Number(options.connections);
const resultsDir = join(ROOT, 'bench', 'results');
await mkdir(resultsDir, { recursive: true });

const gatewayNodeOptions = ['--max-semi-space-size=32', ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [])];
const started: Started[] = [];
try {
  const demo = await startProcess('demo/main.ts', [], { DEMO_USERS_PORT: '0', DEMO_ORDERS_PORT: '0', DEMO_PRODUCTS_PORT: '0', DEMO_INVENTORY_PORT: '0' });
  started.push(demo);
  const env = demo.message['env'] as Record<string, string>;
  const gateway = await startProcess(gatewayEntry, [], { ...env, NODE_ENV: 'production' }, gatewayNodeOptions);
  started.push(gateway);
  const aggregator = await startProcess('bench/aggregator.ts', [], env);
  started.push(aggregator);
  const urls = { gateway: `${gateway.message['url']}/graphql`, aggregator: String(aggregator.message['url']) };

  const [fromGateway, fromAggregator] = await Promise.all([post(urls.gateway, FAN_OUT), post(urls.aggregator, FAN_OUT)]);
  const identical = fromGateway === fromAggregator;
  console.log(`fan-out answer: gateway and aggregator ${identical ? 'byte-identical' : 'DIFFER'} (${fromGateway.length} bytes)`);

  const pids = { demo: demo.child.pid!, gateway: gateway.child.pid!, aggregator: aggregator.child.pid!, load: process.pid };
  const rows = [];
  for (const scenario of SCENARIOS.filter((candidate) => !options.only || candidate.name.startsWith(options.only))) {
    rows.push(await runScenario(scenario, urls, `${gateway.message['url']}/metrics`, pids));
    console.log(formatRow(rows.at(-1)!));
  }
  const report = { date: new Date().toISOString(), duration, connections, identical, rows };
  await writeFile(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
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

async function runScenario(scenario: Scenario, urls: { gateway: string; aggregator: string }, metricsUrl: string, pids: Record<string, number>): Promise<Row> {
  const url = urls[scenario.target ?? 'gateway'];
  const body = JSON.stringify({ query: scenario.query });
  const load = (seconds: number) =>
    autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds });
  await load(Number(options.warmup));
  await settle(metricsUrl);
  // Calls per request measured on one request alone: exact, unlike a count over a run that ends with requests in flight.
  const alone = await upstreamCalls(metricsUrl);
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((response) => response.text());
  const callsAlone = (await upstreamCalls(metricsUrl)) - alone;
  const cpuBefore = await cpuTimes(pids);
  const result = await load(duration);
  const cpuAfter = await cpuTimes(pids);
  const metrics = await (await fetch(metricsUrl)).text();
  const completed = result.requests.total;
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    upstreamCallsPerRequest: scenario.target === 'aggregator' ? 3 : callsAlone,
    gatewayRssMb: Math.round(metricValue(metrics, 'plexus_process_resident_memory_bytes') / 1e6),
    errors: result.errors + result.non2xx,
    cpuMsPerRequest: Object.fromEntries(
      Object.keys(pids).map((name) => [name, completed ? Math.round(((cpuAfter[name]! - cpuBefore[name]!) / completed) * 100) / 100 : 0]),
    ),
  };
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
