// `node bin/run-ts.js bench/soak.ts [--minutes 10] [--workers 1] [--connections 32] [--sample 10]`
// The fan-out scenario against a gateway process for a long while, sampling the resident memory of
// each process that serves (VmRSS in /proc/<pid>/status). Prints the samples and a verdict: memory
// is flat when, after the warm-up (the first third of the run), its fitted growth over the rest of
// the run stays under 5% of its mean; and each process stays under 200 MB.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { LOAD_OPTIONS, gatewayEntry } from './build.js';
import { startDemo, startProcess, type Started } from './processes.js';
import { FAN_OUT } from './scenarios.js';

const { values: options } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    minutes: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1' },
    sample: { type: 'string', default: '10' },
    // V8 flags for the gateway, e.g. "--max-old-space-size=128".
    'node-options': { type: 'string', default: '' },
  },
  allowNegative: true,
});
const entry = await gatewayEntry(options.build);
const seconds = Math.round(Number(options.minutes) * 60);
const sampleMs = Number(options.sample) * 1000;
const LIMIT_MB = 200;

const started: Started[] = [];
try {
  const demo = await startDemo();
  started.push(demo);
  const gateway = await startProcess(entry, ['--workers', options.workers], {
    ...(demo.message['env'] as Record<string, string>),
    NODE_ENV: 'production',
    // NODE_OPTIONS reaches cluster workers too.
    ...(options['node-options'] && { NODE_OPTIONS: options['node-options'] }),
  });
  started.push(gateway);
  const pids = gateway.message['pids'] as number[];
  console.log(`soak: fan-out for ${seconds} s, ${options.connections} connections, ${pids.length} serving process(es): ${pids.join(', ')}`);

  const response = await fetch(`${gateway.message['url']}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: FAN_OUT }),
  });
  const expected = await response.text();
  if (response.status !== 200 || expected.includes('"errors"')) throw new Error(`the fan-out failed before the soak started: ${expected.slice(0, 300)}`);

  const samples: { at: number; requestsPerSecond: number; rssMb: number[] }[] = [];
  const begun = Date.now();
  let answered = 0;
  let lastCount = 0;
  const sample = async () => {
    const rssMb = await Promise.all(pids.map(residentMb));
    const at = Math.round((Date.now() - begun) / 1000);
    samples.push({ at, requestsPerSecond: Math.round(((answered - lastCount) * 1000) / sampleMs), rssMb });
    lastCount = answered;
    console.log(`| ${at} s | ${samples.at(-1)!.requestsPerSecond} | ${rssMb.join(' | ')} |`);
  };
  const sampler = setInterval(() => void sample(), sampleMs);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const load = autocannon(
      {
        url: `${gateway.message['url']}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: FAN_OUT }),
        connections: Number(options.connections),
        duration: seconds,
        // A 200 carrying a GraphQL error is a failed request too: every answer must be the expected one.
        expectBody: expected,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    load.on('response', () => answered++);
  });
  clearInterval(sampler);

  console.log(`\n| time | req/s | ${pids.map((pid) => `RSS MB (pid ${pid})`).join(' | ')} |\n| --- | --- | ${pids.map(() => '---').join(' | ')} |`);
  for (const sample of samples) console.log(`| ${sample.at} s | ${sample.requestsPerSecond} | ${sample.rssMb.join(' | ')} |`);
  const errors = result.errors + result.non2xx + result.mismatches;
  console.log(`\nrequests: ${result.requests.total}, errors: ${errors}, mean ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);

  const verdicts = pids.map((pid, index) =>
    judge(
      pid,
      samples.map((sample) => ({ at: sample.at, mb: sample.rssMb[index]! })),
    ),
  );
  for (const verdict of verdicts) console.log(verdict.line);
  const ok = errors === 0 && verdicts.every((verdict) => verdict.ok);
  console.log(`verdict: ${ok ? 'PASS' : 'FAIL'} (flat memory after warm-up, under ${LIMIT_MB} MB per process, no failed request)`);
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const process of started.reverse()) await process.stop();
}

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Least-squares growth of RSS after the warm-up, compared with its mean. */
function judge(pid: number, points: { at: number; mb: number }[]): { ok: boolean; line: string } {
  const measured = points.slice(Math.floor(points.length / 3));
  if (measured.length < 2) return { ok: false, line: `pid ${pid}: too few samples to judge (run longer)` };
  const meanAt = measured.reduce((sum, point) => sum + point.at, 0) / measured.length;
  const meanMb = measured.reduce((sum, point) => sum + point.mb, 0) / measured.length;
  const covariance = measured.reduce((sum, point) => sum + (point.at - meanAt) * (point.mb - meanMb), 0);
  const variance = measured.reduce((sum, point) => sum + (point.at - meanAt) ** 2, 0);
  const slopePerSecond = variance === 0 ? 0 : covariance / variance;
  const growthMb = slopePerSecond * (measured.at(-1)!.at - measured[0]!.at);
  const peak = Math.max(...points.map((point) => point.mb));
  const flat = growthMb < meanMb * 0.05;
  const ok = flat && peak < LIMIT_MB;
  const trend = `${(slopePerSecond * 60).toFixed(2)} MB/min after warm-up (${growthMb.toFixed(1)} MB over the measured window, mean ${meanMb.toFixed(0)} MB)`;
  return { ok, line: `pid ${pid}: ${flat ? 'flat' : 'GROWING'}: ${trend}; peak ${peak} MB${peak < LIMIT_MB ? '' : ` (over ${LIMIT_MB} MB)`}` };
}
