// The gateway under load, in its own process: `plexus start` plus an IPC "ready" message with its URL.
import { resolve } from 'node:path';
import { loadGatewayConfig } from '../src/config/load-gateway-config.js';
import { createGateway } from '../src/server/gateway.js';
import { listen } from '../src/server/http-server.js';
import { ROOT } from './processes.js';

const config = await loadGatewayConfig({
  path: resolve(ROOT, 'gateway.yaml'),
  displayPath: 'gateway.yaml',
  required: false,
  env: { ...process.env, PLEXUS_LOG_LEVEL: 'warn' },
  overrides: { port: 0, host: '127.0.0.1' },
});
const gateway = await createGateway({ config, sourcesDir: resolve(ROOT, 'sources'), schemasDir: resolve(ROOT, 'schemas'), cwd: ROOT });
const running = await listen(gateway, { port: 0, host: '127.0.0.1' });
process.send?.({ ready: true, url: `http://127.0.0.1:${running.port}` });
process.once('SIGTERM', () => {
  running.close(1000).then(() => process.exit(0));
});
