// `npm start`: the demo services in this process, the gateway over sources/ in a child process
// (`npm start` passes --watch: editing sources/ or schemas/ reloads the schema).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exitWithParent } from '../src/cli/exit-with-parent.js';
import { demoPortsFromEnv, startDemoServices } from './services.js';
import { DEMO_DOCUMENT } from './graphiql-document.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Stop with npm: a signal to `npm start` reaches the shell npm runs this in, not this process.
exitWithParent(process.env);
const demo = await startDemoServices(demoPortsFromEnv(process.env), process.env['DEMO_HOST'] ?? '127.0.0.1');
for (const service of Object.values(demo.services)) console.log(`demo ${service.name} listening on ${service.url}`);

const gateway = spawn(process.execPath, ['bin/plexus.js', 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  // GraphiQL opens with the demo query, unless PLEXUS_GRAPHIQL_DEFAULT_QUERY names another.
  env: { ...demo.env, PLEXUS_GRAPHIQL_DEFAULT_QUERY: DEMO_DOCUMENT, ...process.env },
});

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  gateway.kill(signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// `kill -HUP` on this process reloads the gateway's schema, as it would on `plexus start`.
process.on('SIGHUP', () => gateway.kill('SIGHUP'));
gateway.on('exit', (code) => {
  void demo.close().then(() => process.exit(stopping ? 0 : (code ?? 1)));
});
