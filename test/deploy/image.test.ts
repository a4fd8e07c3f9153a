import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Healthcheck } from 'dockerfile-ast';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { demoProject } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';
import { readCompose } from './deploy-files.js';
import { copiedFromContext, copiedFromStage, execForm, npmScriptsRun, of, readDockerfileStages } from './dockerfile-stages.js';

// The image as far as it can be checked without a container runtime: the build stage's files and
// npm script build dist/ (the same `npm run build` the Dockerfile runs), the runtime stage's files
// and CMD serve the demo with docker-compose.yml's environment, its HEALTHCHECK passes, SIGTERM
// drains and exits 0. node_modules stands in for `npm ci` (every dependency, dev ones included:
// the last test checks that dist/ imports production dependencies only).

const run = promisify(execFile);
const stages = readDockerfileStages();
const build = stages.find((stage) => npmScriptsRun(stage).length > 0)!;
const runtime = stages.at(-1)!;
const FAN_OUT = '{ users(limit: 5) { id name orders { id product { id name } } } }';

let context: string;
let image: string;
let demo: DemoServices | undefined;
let gateway: ChildProcess | undefined;
let redis: TestRedis;

/** Copies what a stage's COPY instructions take from the build context into `dir`, at the same paths. */
async function copyContext(stage: typeof build, dir: string): Promise<void> {
  for (const path of copiedFromContext(stage)) {
    // The demo project the image bakes in, taken by name as every test does.
    if (path === 'sources' || path === 'schemas') continue;
    await cp(join(ROOT, path), join(dir, path), { recursive: true });
  }
}

beforeAll(async () => {
  redis = await testRedis();
  context = await mkdtemp(join(tmpdir(), 'plexus-image-build-'));
  image = await mkdtemp(join(tmpdir(), 'plexus-image-runtime-'));
  await copyContext(build, context);
  await symlink(join(ROOT, 'node_modules'), join(context, 'node_modules'));
  for (const script of npmScriptsRun(build)) await run('npm', ['run', script], { cwd: context });

  await copyContext(runtime, image);
  const project = await demoProject();
  try {
    await cp(project.sourcesDir, join(image, 'sources'), { recursive: true });
    await cp(project.schemasDir, join(image, 'schemas'), { recursive: true });
  } finally {
    await project.remove();
  }
  for (const [from, to] of copiedFromStage(runtime, build.name!)) await cp(join(context, from.replace(/^\/app\//, '')), join(image, to), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(image, 'node_modules'));
}, 180_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
    gateway.kill('SIGKILL');
    await once(gateway, 'exit');
  }
  await demo?.close();
  await redis?.cleanUp();
  await Promise.all([context, image].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the image, run without a container runtime', () => {
  it('builds dist/ with the Dockerfile files and npm script, and it loads every demo source without the TypeScript loader', async () => {
    const { stdout } = await run(process.execPath, [join(image, 'dist', 'main.js'), 'check'], { cwd: image });
    expect(stdout).toContain('ok: 4 sources: inventory (graphql), orders (grpc), products (graphql), users (openapi)');
  });

  it("serves the demo with the compose file's environment, passes its HEALTHCHECK and drains on SIGTERM", async () => {
    demo = await startDemoServices(ANY_PORTS);
    const composed = readCompose().services['gateway']!.environment!;
    const env: Record<string, string> = {
      ...composed,
      // The compose host names (demo, redis) resolve only inside compose: the same variables, local services.
      ...demo.env,
      PORT: '0',
      REDIS_URL: redis.url,
      PLEXUS_CACHE_KEY_PREFIX: redis.prefix(),
      PLEXUS_RATE_LIMIT_KEY_PREFIX: redis.prefix(),
      PLEXUS_LOG_REQUESTS: 'false',
      ...(!redis.available && { PLEXUS_CACHE_STORE: 'memory', PLEXUS_RATE_LIMIT_STORE: 'memory' }),
      PATH: process.env['PATH'] ?? '',
    };
    expect(Object.keys(demo.env).every((variable) => variable in composed)).toBe(true);
    const [command, ...args] = execForm(of(runtime, 'CMD')[0]!);
    gateway = spawn(command === 'node' ? process.execPath : command!, args, { cwd: image, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    gateway.stdout!.on('data', (chunk) => (output += String(chunk)));
    gateway.stderr!.on('data', (chunk) => (output += String(chunk)));
    const port = await new Promise<number>((resolve, reject) => {
      const look = () => {
        const match = /"url":"http:\/\/localhost:(\d+)\/graphql"/.exec(output);
        if (match) resolve(Number(match[1]));
      };
      gateway!.stdout!.on('data', look);
      gateway!.once('exit', (code) => reject(new Error(`the gateway exited (${code}): ${output}`)));
    });
    const base = `http://127.0.0.1:${port}`;

    const calls = () => [demo!.services.users.requests, demo!.services.orders.requests, demo!.services.products.requests];
    const post = async () => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: FAN_OUT }),
      });
      return (await response.json()) as { data?: any; errors?: unknown };
    };
    const before = calls();
    const first = await post();
    expect(first.errors).toBeUndefined();
    expect(first.data.users).toHaveLength(5);
    expect(first.data.users[0].orders[0].product.name).toEqual(expect.any(String));
    expect(calls()).toEqual(before.map((count) => count + 1));
    // PLEXUS_CACHE_TTL of the compose file: the same query again is a cache hit (in Redis when it answers).
    expect(await post()).toEqual(first);
    expect(calls()).toEqual(before.map((count) => count + 1));
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const [healthCommand, ...healthArgs] = execForm(of(runtime, 'HEALTHCHECK')[0] as Healthcheck);
    expect(healthCommand).toBe('node');
    const healthy = spawn(process.execPath, healthArgs, { env: { PORT: String(port) }, stdio: 'ignore' });
    expect((await once(healthy, 'exit'))[0]).toBe(0);

    gateway.kill('SIGTERM');
    const [code] = await once(gateway, 'exit');
    expect(code).toBe(0);
    expect(output).toContain('shutting down: draining in-flight requests');
    // Nothing listens any more: the same check fails.
    const unhealthy = spawn(process.execPath, healthArgs, { env: { PORT: String(port) }, stdio: 'ignore' });
    expect((await once(unhealthy, 'exit'))[0]).toBe(1);
  }, 60_000);

  it('imports nothing from dist/ that `npm ci --omit=dev` leaves out', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const production = new Set(Object.keys(pkg.dependencies));
    const imported = new Set<string>();
    const files = (await readdir(join(image, 'dist'), { recursive: true })).filter((file) => file.endsWith('.js'));
    expect(files).toContain('main.js');
    for (const file of files) {
      const text = await readFile(join(image, 'dist', file), 'utf8');
      // Static imports and re-exports (over several lines too), side-effect imports, dynamic imports of a literal.
      const statements = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"\s]+)['"]|^\s*import\s*['"]([^'"\s]+)['"]|\bimport\(\s*['"]([^'"\s]+)['"]\s*\)/gm;
      for (const match of text.matchAll(statements)) {
        const specifier = (match[1] ?? match[2] ?? match[3])!;
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !production.has(name))).toEqual([]);
  });
});
