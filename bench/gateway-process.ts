// The gateway under load, in its own process: `plexus start` plus an IPC "ready" message with its URL
// and the process ids that serve (for memory sampling). `--workers N` runs N cluster workers as
// `plexus start --workers N` does. SIGHUP reloads the schema; SIGTERM drains and exits.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadGatewayConfig } from '../src/config/load-gateway-config.js';
import { createLogger } from '../src/logger.js';
import { reportWorkerReady, runPrimary } from '../src/server/cluster.js';
import { serve } from '../src/server/serve.js';
import { ROOT } from './processes.js';

const { values: options } = parseArgs({ options: { workers: { type: 'string', default: '1' } } });
const workers = Number(options.workers);

const config = await loadGatewayConfig({
  path: resolve(ROOT, 'gateway.yaml'),
  displayPath: 'gateway.yaml',
  required: false,
  env: { ...process.env, PLEXUS_LOG_LEVEL: 'warn' },
  overrides: { port: 0, host: '127.0.0.1', 'shutdown.grace': 1000 },
});

if (workers > 1 && cluster.isPrimary) {
  const primary = await runPrimary({
    workers,
    logger: createLogger(config.logging),
    graceMs: config.shutdown.grace,
    // A worker runs this file again, the way this process runs it (a build on plain Node, or the TypeScript loader).
    fork: import.meta.url.endsWith('.js')
      ? { exec: fileURLToPath(import.meta.url), args: process.argv.slice(2) }
      : { exec: resolve(ROOT, 'bin/run-ts.js'), args: [resolve(ROOT, 'bench/gateway-process.ts'), ...process.argv.slice(2)] },
  });
  process.send?.({ ready: true, url: primary.url, pids: primary.pids() });
  process.exit(await primary.done);
}

const { server } = await serve({ config, sourcesDir: resolve(ROOT, 'sources'), schemasDir: resolve(ROOT, 'schemas'), cwd: ROOT, env: process.env });
if (cluster.isWorker) reportWorkerReady(server.url);
else process.send?.({ ready: true, url: `http://127.0.0.1:${server.port}`, pids: [process.pid] });
