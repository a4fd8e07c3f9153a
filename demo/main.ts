// `npm run demo`: the demo services alone, until interrupted.
import { demoPortsFromEnv, startDemoServices } from './services.js';

const demo = await startDemoServices(demoPortsFromEnv(process.env), process.env['DEMO_HOST'] ?? '127.0.0.1');
for (const service of Object.values(demo.services)) console.log(`demo ${service.name} listening on ${service.url}`);
if (process.send) process.send({ ready: true, env: demo.env });

const stop = () => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
