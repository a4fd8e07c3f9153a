import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/gateway.js';
import { alive, descendants, eventually, freePort, portFree } from '../helpers/processes.js';

const run = promisify(execFile);
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });

/**
 * The project's package-lock.json: exactly the packages of this repository's lockfile, plexus
 * itself from the packed tarball. With it `npm install --offline` needs nothing but the tarballs
 * that `npm ci` of this repository put in the npm cache, and the project gets the dependency
 * versions the test suite ran with.
 */
async function projectLock(project: string, tarball: string): Promise<void> {
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
  manifest.dependencies.plexus = `file:${tarball}`;
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  const { '': own, ...packages } = lock.packages;
  const plexus = { version: own.version, resolved: `file:${tarball}`, dependencies: own.dependencies, bin: own.bin, engines: own.engines };
  const root = { name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies };
  const projectPackages = { '': root, 'node_modules/plexus': plexus, ...packages };
  await writeFile(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: manifest.name, lockfileVersion: 3, requires: true, packages: projectPackages }, null, 2),
  );
}

/** The example source's service: `GET /greetings/{name}`. */
function helloService(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const name = decodeURIComponent(/^\/greetings\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ name, message: `Hello, ${name}!` }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

async function query(url: string, text: string): Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
  return response.json() as Promise<{ data?: unknown }>;
}

describe('a gateway project of your own, on the packed package', () => {
  let temp: string;
  let project: string;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'plexus-package-'));
    project = join(temp, 'my-gateway');
    // prepack builds dist/ first.
    const packed = await npm(['pack', '--pack-destination', temp, '--silent'], ROOT);
    const tarball = join(temp, packed.stdout.trim().split('\n').at(-1)!);
    await run(process.execPath, [join(ROOT, 'bin', 'plexus.js'), 'init', project]);
    await projectLock(project, tarball);
    await npm(['install', '--offline', '--omit=dev', '--no-audit', '--no-fund'], project);
  }, 150_000);

  afterAll(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('installs without the TypeScript compiler and without the repository', async () => {
    expect(existsSync(join(project, 'node_modules', 'plexus', 'dist', 'cli.js'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'plexus', 'dist', 'sources', 'grpc', 'protos'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'plexus', 'src'))).toBe(false);
    // tsx is a runtime dependency (it loads a project's TypeScript plugins and resolvers); the compiler is not.
    expect(existsSync(join(project, 'node_modules', 'typescript'))).toBe(false);
    const own = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect((await npm(['exec', '--', 'plexus', '--version'], project)).stdout.trim()).toBe(own.version);
    // The package entry: types for a project's plugins and resolvers, and a module that loads.
    const types = await readFile(join(project, 'node_modules', 'plexus', 'dist', 'index.d.ts'), 'utf8');
    for (const name of ['PlexusPlugin', 'PlexusPluginFactory', 'ComputedFieldResolver', 'ResolverContext']) expect(types).toContain(name);
    const loaded = await run(process.execPath, ['--input-type=module', '-e', "import('plexus').then((module) => console.log(typeof module))"], {
      cwd: project,
    });
    expect(loaded.stdout.trim()).toBe('object');
  });

  it('checks and composes the example', async () => {
    expect((await npm(['run', 'check', '--silent'], project)).stdout).toBe('ok: 1 source: hello (openapi)\n');
    expect((await npm(['run', 'compose', '--silent'], project)).stdout).toBe('wrote schemas/gateway.graphql\n');
    expect(await readFile(join(project, 'schemas', 'gateway.graphql'), 'utf8')).toContain('greeting(name: String!): Greeting');
  });

  it('the installed command scaffolds a project too', async () => {
    const result = await npm(['exec', '--', 'plexus', 'init', 'nested'], project);
    // An installed plexus came from a registry or a tarball already: no word about packing a clone.
    expect(result.stdout).not.toContain('npm pack');
    expect(existsSync(join(project, 'nested', 'sources', 'hello', 'openapi.yaml'))).toBe(true);
    expect(existsSync(join(project, 'nested', '.gitignore'))).toBe(true);
  });

  it('serves /graphql with npm start, answers UPSTREAM_ERROR while the example service is down, and stops on SIGTERM', async () => {
    const hello = await helloService();
    const port = await freePort();
    const child = spawn('npm', ['start'], { cwd: project, env: { ...process.env, PORT: String(port), HELLO_URL: hello.url }, stdio: 'pipe' });
    // npm ends itself with the signal it passed on, once its child has exited.
    const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    let pids: number[] = [];
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      expect(await query(url, '{ greeting(name: "Ada") { message } }')).toEqual({ data: { greeting: { message: 'Hello, Ada!' } } });
      await hello.close();
      const down = await query(url, '{ greeting(name: "Ada") { message } }');
      expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'hello' });
      pids = await descendants(child.pid!);
      child.kill('SIGTERM');
      expect(['exit 0', 'SIGTERM']).toContain(await exited);
      expect(await eventually(() => pids.every((pid) => !alive(pid)), 30_000), `still running: ${pids.filter(alive).join(', ')}`).toBe(true);
      expect(await portFree(port)).toBe(true);
    } finally {
      if (pids.length === 0) pids = await descendants(child.pid!);
      for (const pid of [child.pid!, ...pids]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await hello.close().catch(() => {});
    }
  });
});
