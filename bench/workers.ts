// `node bin/run-ts.js bench/workers.ts [--duration 10] [--connections 32] [--reload-every 2]`
// The fan-out scenario against `--workers 1` and `--workers 2`: requests per second and latency,
// first steady, then while the schema is reloaded (SIGHUP: a full rebuild and swap in every worker)
// every few seconds, which shows what a hot reload costs the requests running meanwhile.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { LOAD_OPTIONS, gatewayEntry } from './build.js';
import { startDemo, startProcess, type Started } from './processes.js';
import { FAN_OUT } from './scenarios.js';

const { values: options } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'reload-every': { type: 'string', default: '2' },
  },
  allowNegative: true,
});
const entry = await gatewayEntry(options.build);
const duration = Number(options.duration);
const reloadEveryMs = Number(options['reload-every']) * 1000;

interface Run {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const rows: string[] = [];
const started: Started[] = [];
try {
  const demo = await startDemo();
  started.push(demo);
  for (const workers of [1, 2]) {
    const gateway = await startProcess(entry, ['--workers', String(workers)], { ...(demo.message['env'] as Record<string, string>), NODE_ENV: 'production' });
    started.push(gateway);
    const base = String(gateway.message['url']);
    const expected = await answer(`${base}/graphql`);
    await load(`${base}/graphql`, Number(options.warmup), expected);
    const steady = await load(`${base}/graphql`, duration, expected);

    const before = await loadedAt(base);
    let reloads = 0;
    const reloader = setInterval(() => {
      gateway.child.kill('SIGHUP');
      reloads++;
    }, reloadEveryMs);
    const reloading = await load(`${base}/graphql`, duration, expected);
    clearInterval(reloader);
    const swapped = (await loadedAt(base)) !== before;

    const row = `| ${workers} | ${steady.requestsPerSecond} | ${steady.p50} | ${steady.p99} | ${steady.errors} | ${reloads}${swapped ? '' : ' (no swap seen!)'} | ${reloading.requestsPerSecond} | ${reloading.p50} | ${reloading.p99} | ${reloading.errors} |`;
    rows.push(row);
    console.log(row);
    await gateway.stop();
    started.pop();
  }
} finally {
  for (const process of started.reverse()) await process.stop();
}
console.log(`\nfan-out, ${options.connections} connections, ${duration} s per run\n`);
console.log('| workers | req/s | p50 ms | p99 ms | errors | reloads | req/s while reloading | p50 ms | p99 ms | errors |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);

/** The fan-out answer, checked to hold no error: every answer under load must equal it byte for byte. */
async function answer(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FAN_OUT }) });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`the fan-out failed before the load started: ${text.slice(0, 300)}`);
  return text;
}

async function load(url: string, seconds: number, expected: string): Promise<Run> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: FAN_OUT }),
    connections: Number(options.connections),
    duration: seconds,
    // A 200 carrying a GraphQL error is a failed request too: every answer must be the expected one.
    expectBody: expected,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.mismatches,
  };
}

/** When the schema answering /readyz was loaded. */
async function loadedAt(base: string): Promise<string> {
  const body = (await (await fetch(`${base}/readyz`)).json()) as { schema?: { loadedAt?: string } };
  return body.schema?.loadedAt ?? '';
}
