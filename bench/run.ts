// `npm run bench [-- --duration 10 --connections 32 --only fan-out --profile --pairs 6 --pair-duration 5]`
// Demo services, gateway, hand-written aggregator and the load generator each run in their own
// process on 127.0.0.1; results go to stdout as a table and to bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { metricValue } from '../test/helpers/gateway.js';
import { LOAD_OPTIONS, gatewayEntry } from './build.js';
import { ROOT, startDemo, startProcess, type Started } from './processes.js';
import { AGGREGATORS, CACHED_SCENARIOS, SCENARIOS, type CachedScenario } from './scenarios.js';
import { summariseProfiles } from './profile-summary.js';
import { aggregatorPairs, aggregatorRatios, pairedRatio, type PairedRatio } from './paired.js';
import { aggregatorCalls, cpuTimes, gatewayCalls, settle, total } from './counters.js';

const { values: options } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    // Scenarios whose name starts with one of these (comma-separated), or, with --exact, is one of them.
    only: { type: 'string' },
    exact: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    // Alternating rounds of the gateway and each of its aggregators, for a ratio the machine's drift does not move (0: none).
    pairs: { type: 'string', default: '6' },
    'pair-duration': { type: 'string', default: '5' },
    // NODE_ENV of the gateways; empty for none, as `plexus start` runs where it is not set.
    'node-env': { type: 'string', default: 'production' },
    // V8 flags for the gateways, e.g. "--max-old-space-size=160". Default: none, as users run it.
    'gateway-node-options': { type: 'string', default: '' },
  },
  allowNegative: true,
});
const entry = await gatewayEntry(options.build);
const duration = Number(options.duration);
const connections = Number(options.connections);
const resultsDir = join(ROOT, 'bench', 'results');
await mkdir(resultsDir, { recursive: true });

const nodeEnv: Record<string, string> = options['node-env'] ? { NODE_ENV: options['node-env'] } : {};
const gatewayNodeOptions = [
  ...options['gateway-node-options'].split(/\s+/).filter(Boolean),
  ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : []),
];
const started: Started[] = [];
try {
  const demo = await startDemo();
  started.push(demo);
  const env = demo.message['env'] as Record<string, string>;
  const gateway = await startProcess(entry, [], { ...env, ...nodeEnv }, gatewayNodeOptions);
  started.push(gateway);
  // The same build with the planner off: the executor before it, measured in the same run.
  const standardGateway = await startProcess(
    entry,
    [],
    { ...env, ...nodeEnv, PLEXUS_PLANNER: 'false' },
    gatewayNodeOptions.filter((option) => !option.startsWith('--cpu-prof')),
  );
  started.push(standardGateway);
  const aggregators = await Promise.all(AGGREGATORS.map((name) => startProcess(`bench/${name}.ts`, [], env)));
  started.push(...aggregators);
  const gatewayUrl = `${gateway.message['url']}/graphql`;
  const urls: Record<string, string> = { gateway: gatewayUrl, 'standard-gateway': `${standardGateway.message['url']}/graphql` };
  for (const [index, name] of AGGREGATORS.entries()) urls[name] = String(aggregators[index]!.message['url']);

  // Every aggregator's answer must be the gateway's, byte for byte, whatever --only selects.
  const identical: Record<string, boolean> = {};
  for (const scenario of SCENARIOS.filter((candidate) => candidate.target && candidate.target !== 'gateway')) {
    if (scenario.target === 'standard-gateway') continue;
    const [fromGateway, fromAggregator] = await Promise.all([post(gatewayUrl, scenario.query), post(urls[scenario.target!]!, scenario.query)]);
    identical[scenario.name] = fromGateway === fromAggregator;
    console.log(
      `${scenario.name}: answer ${identical[scenario.name] ? 'byte-identical to the gateway' : `DIFFERS from the gateway from byte ${firstDifference(fromGateway, fromAggregator)}`} (${fromGateway.length} bytes)`,
    );
  }

  // The aggregators are idle unless measured, but their CPU time is read like the others'.
  const pids: Record<string, number> = {
    demo: demo.child.pid!,
    gateway: gateway.child.pid!,
    'standard-gateway': standardGateway.child.pid!,
    load: process.pid,
  };
  for (const [index, name] of AGGREGATORS.entries()) pids[name] = aggregators[index]!.child.pid!;
  const metricsUrl = `${gateway.message['url']}/metrics`;
  const wanted = options.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const selected = (name: string) => !wanted || wanted.some((prefix) => (options.exact ? name === prefix : name.startsWith(prefix)));
  const rows: Row[] = [];
  const report = (row: Row) => {
    rows.push(row);
    console.log(formatRow(row));
  };
  for (const scenario of SCENARIOS.filter((candidate) => selected(candidate.name))) {
    const target = scenario.target ?? 'gateway';
    const url = urls[target]!;
    const gatewayMetrics = target === 'gateway' ? metricsUrl : target === 'standard-gateway' ? `${standardGateway.message['url']}/metrics` : undefined;
    const counted = gatewayMetrics ? { metricsUrl: gatewayMetrics, calls: () => gatewayCalls(gatewayMetrics) } : { calls: () => aggregatorCalls(url) };
    // CPU of the processes the scenario uses: the demo, the load generator and the one that answers.
    const used = Object.fromEntries(Object.entries(pids).filter(([name]) => name === 'demo' || name === 'load' || name === target));
    report(
      await measure({
        name: scenario.name,
        url,
        query: scenario.query,
        pids: used,
        ...counted,
        ...(scenario.acceptEncoding && { acceptEncoding: scenario.acceptEncoding }),
      }),
    );
  }
  for (const scenario of CACHED_SCENARIOS.filter((candidate) => selected(candidate.name))) {
    report(await measureCached(scenario, entry, env, gatewayUrl, { demo: demo.child.pid!, load: process.pid }));
  }
  const ratios = aggregatorRatios(rows);
  const paired: Record<string, PairedRatio> = {};
  const pairOptions = { rounds: Number(options.pairs), seconds: Number(options['pair-duration']), connections };
  for (const [gatewayScenario, aggregatorScenario] of pairOptions.rounds > 0 ? aggregatorPairs() : []) {
    if (!selected(gatewayScenario.name) || !selected(aggregatorScenario.name)) continue;
    paired[gatewayScenario.name] = await pairedRatio(gatewayUrl, urls[aggregatorScenario.target!]!, gatewayScenario.query, pairOptions);
  }
  await writeFile(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), duration, connections, identical, ratios, paired, rows }, null, 2)}\n`,
  );
  console.log(
    `\n| scenario | req/s | p50 ms | p99 ms | upstream calls/req | gateway RSS MB | errors | CPU ms/req | answer bytes (uncompressed) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
  );
  for (const row of rows) console.log(formatRow(row));
  for (const [name, ratio] of Object.entries(ratios)) console.log(`${name}: gateway at ${Math.round(ratio * 100)}% of the hand-written aggregator's req/s`);
  for (const [name, { rounds, median }] of Object.entries(paired)) {
    const each = rounds.map((ratio) => `${Math.round(ratio * 100)}%`).join(', ');
    console.log(
      `${name}: gateway at ${Math.round(median * 100)}% of the aggregator's req/s, median of ${rounds.length} alternating ${pairOptions.seconds} s rounds (${each})`,
    );
  }
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
  /** The same calls by source (the gateway's `source` label, the aggregator's service). */
  upstreamCallsBySource: Record<string, number> | null;
  gatewayRssMb: number | null;
  errors: number;
  /** CPU milliseconds each process spent per request during the measured run. */
  cpuMsPerRequest: Record<string, number>;
  /** Bytes of one answer as sent, and decoded when it came compressed. */
  answerBytes: { sent: number; uncompressed: number; encoding: string | null };
}

interface Target {
  name: string;
  url: string;
  query: string;
  /** The gateway's metrics, for RSS; absent for processes that are not a gateway. */
  metricsUrl?: string;
  pids: Record<string, number>;
  /** Upstream calls made so far by the process under test, by source; absent when it makes none. */
  calls?: () => Promise<Record<string, number>>;
  /** Sent as `Accept-Encoding` with every request. */
  acceptEncoding?: string;
}

async function measure(target: Target): Promise<Row> {
  const body = JSON.stringify({ query: target.query });
  const headers = { 'content-type': 'application/json', ...(target.acceptEncoding && { 'accept-encoding': target.acceptEncoding }) };
  const load = (seconds: number) => autocannon({ url: target.url, method: 'POST', headers, body, connections, duration: seconds });
  await load(Number(options.warmup));
  let callsAlone: Record<string, number> | null = null;
  if (target.calls) {
    await settle(target.calls);
    // Calls per request measured on one request alone: exact, unlike a count over a run that ends with requests in flight.
    const before = await target.calls();
    await post(target.url, target.query);
    const after = await target.calls();
    callsAlone = Object.fromEntries(
      Object.entries(after).flatMap(([source, count]) => (count > (before[source] ?? 0) ? [[source, count - (before[source] ?? 0)]] : [])),
    );
  }
  const answerBytes = await answerSize(target.url, body, headers);
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
    upstreamCallsPerRequest: callsAlone && total(callsAlone),
    upstreamCallsBySource: callsAlone,
    gatewayRssMb: metrics ? Math.round(metricValue(metrics, 'plexus_process_resident_memory_bytes') / 1e6) : null,
    errors: result.errors + result.non2xx,
    cpuMsPerRequest: Object.fromEntries(
      Object.keys(target.pids).map((name) => [name, completed ? Math.round(((cpuAfter[name]! - cpuBefore[name]!) / completed) * 100) / 100 : 0]),
    ),
    answerBytes,
  };
}

/** One answer's size on the wire and decoded, read over node:http, which decodes nothing by itself. */
function answerSize(url: string, body: string, headers: Record<string, string>): Promise<Row['answerBytes']> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const sent = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'] ?? null;
        const decoded = encoding === 'gzip' ? gunzipSync(sent) : encoding === 'br' ? brotliDecompressSync(sent) : sent;
        resolve({ sent: sent.byteLength, uncompressed: decoded.byteLength, encoding });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A cached scenario runs against a gateway (or a bare server) of its own, started for it and stopped after. */
async function measureCached(
  scenario: CachedScenario,
  entry: string,
  demoEnv: Record<string, string>,
  referenceUrl: string,
  pids: Record<string, number>,
): Promise<Row> {
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
    {
      ...demoEnv,
      ...nodeEnv,
      ...scenario.gatewayEnv,
      ...(redis && { PLEXUS_CACHE_KEY_PREFIX: keyPrefix, REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' }),
    },
    gatewayNodeOptions.filter((option) => !option.startsWith('--cpu-prof')),
  );
  try {
    const url = `${gateway.message['url']}/graphql`;
    await post(url, scenario.query);
    const metricsUrl = `${gateway.message['url']}/metrics`;
    return await measure({
      name: scenario.name,
      url,
      query: scenario.query,
      metricsUrl,
      calls: () => gatewayCalls(metricsUrl),
      pids: { ...pids, gateway: gateway.child.pid! },
      ...(scenario.acceptEncoding && { acceptEncoding: scenario.acceptEncoding }),
    });
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

function firstDifference(a: string, b: string): number {
  let index = 0;
  while (index < a.length && a[index] === b[index]) index++;
  return index;
}

function formatRow(row: Row): string {
  const cpu = Object.entries(row.cpuMsPerRequest)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
  const bySource =
    row.upstreamCallsBySource &&
    Object.entries(row.upstreamCallsBySource)
      .map(([source, count]) => `${source} ${count}`)
      .join(', ');
  const calls = row.upstreamCallsPerRequest === null ? '-' : `${row.upstreamCallsPerRequest}${bySource ? ` (${bySource})` : ''}`;
  const { sent, uncompressed, encoding } = row.answerBytes;
  const bytes = encoding ? `${sent} ${encoding} (${uncompressed})` : `${sent}`;
  return `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${calls} | ${row.gatewayRssMb ?? '-'} | ${row.errors} | ${cpu} | ${bytes} |`;
}
