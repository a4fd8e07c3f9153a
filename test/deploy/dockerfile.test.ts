import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Healthcheck } from 'dockerfile-ast';
import { ROOT } from '../helpers/gateway.js';
import { DEMO_SOURCES, demoSourceFile } from '../helpers/demo-project.js';
import { copiedFromContext, copiedFromStage, execForm, npmScriptsRun, of, readDockerfileStages } from './dockerfile-stages.js';
import { readCompose, seconds } from './deploy-files.js';
import { gatewayConfigSchema } from '../../src/config/gateway-config.js';

const stages = readDockerfileStages();
const runtime = stages.at(-1)!;

describe('the Dockerfile', () => {
  it('builds in one stage and runs from a last stage with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.name).toBe('runtime');
    const runs = (stage: typeof runtime) => of(stage, 'RUN').map((run) => run.getArgumentsContent() ?? '');
    const build = stages.find((stage) => npmScriptsRun(stage).length > 0);
    expect(build, 'a stage runs an npm script').toBeDefined();
    expect(runs(build!).some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(runs(runtime).some((run) => /\bnpm ci\b.*--omit=dev/.test(run))).toBe(true);
    expect(npmScriptsRun(runtime)).toEqual([]);
    // The runtime takes dist/ from the build stage, not from the context.
    expect(copiedFromStage(runtime, build!.name!)).toEqual([['/app/dist', './dist']]);
    expect(copiedFromContext(runtime)).not.toContain('src');
  });

  it('builds with `npm run build`, the package build that image.test.ts runs too', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const scripts = stages.flatMap(npmScriptsRun);
    expect(scripts).toEqual(['build']);
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
  });

  it('runs the gateway as a non-root user, with SIGTERM, a /healthz check and `node dist/main.js start`', () => {
    const users = of(runtime, 'USER').map((user) => user.getArgumentsContent()!.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(of(runtime, 'STOPSIGNAL').map((signal) => signal.getArgumentsContent())).toEqual(['SIGTERM']);
    expect(of(runtime, 'CMD').map(execForm)).toEqual([['node', 'dist/main.js', 'start']]);
    const [healthcheck] = of(runtime, 'HEALTHCHECK') as Healthcheck[];
    expect(healthcheck!.getSubcommand()?.getValue()).toBe('CMD');
    const check = execForm(healthcheck!);
    expect(check[0]).toBe('node');
    expect(check.join(' ')).toContain('/healthz');
    expect(of(runtime, 'EXPOSE').map((expose) => expose.getArgumentsContent())).toEqual([String(gatewayConfigSchema.parse({}).port)]);
  });

  it('bakes the demo project in, and runs the demo services from a stage of their own', () => {
    expect(copiedFromContext(runtime)).toEqual(expect.arrayContaining(['sources', 'schemas', 'package.json', 'package-lock.json', 'bin/plexus.js']));
    const demo = stages.find((stage) => stage.name === 'demo')!;
    expect(of(demo, 'CMD').map(execForm)).toEqual([['node', 'bin/run-ts.js', 'demo/main.ts']]);
    expect(
      of(demo, 'ENV')
        .map((env) => env.getArgumentsContent())
        .join(' '),
    ).toContain('DEMO_HOST=0.0.0.0');
    expect(of(demo, 'USER').length).toBe(1);
  });

  it('has a .dockerignore that keeps installed, built and local files out of the context, and nothing a stage copies', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.scratch', 'bench/results', 'coverage']));
    const copied = stages.flatMap(copiedFromContext).map((path) => path.replace(/\/$/, ''));
    for (const path of copied) expect(ignored, path).not.toContain(path.split('/')[0]);
  });
});

describe('docker-compose.yml', () => {
  const compose = readCompose();

  it('runs the gateway from the runtime stage, next to the demo services and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['demo', 'gateway', 'redis']);
    expect(compose.services['gateway']!.build).toEqual({ context: '.', target: runtime.name });
    expect(compose.services['demo']!.build).toEqual({ context: '.', target: 'demo' });
    expect(compose.services['gateway']!.depends_on).toHaveProperty('redis');
    expect(compose.services['gateway']!.depends_on).toHaveProperty('demo');
  });

  it('points every demo source and Redis at their services, and shares the stores', () => {
    const env = compose.services['gateway']!.environment!;
    const variables = DEMO_SOURCES.map((source) => readFileSync(demoSourceFile(source, 'source.yaml'), 'utf8').match(/\$\{(\w+_URL)/)?.[1]);
    expect(variables.sort()).toEqual(['INVENTORY_URL', 'ORDERS_URL', 'PRODUCTS_URL', 'USERS_URL']);
    const demoPorts = compose.services['demo']!.expose!.map(Number);
    for (const variable of variables) {
      const url = new URL(env[variable!]!);
      expect(url.hostname, variable).toBe('demo');
      expect(demoPorts, variable).toContain(Number(url.port));
    }
    expect(new URL(env['REDIS_URL']!).hostname).toBe('redis');
    expect(env['PLEXUS_CACHE_STORE']).toBe('redis');
    expect(env['PLEXUS_RATE_LIMIT_STORE']).toBe('redis');
  });

  it('gives the gateway longer to stop than its shutdown.grace', () => {
    const grace = gatewayConfigSchema.parse({}).shutdown.grace / 1000;
    expect(seconds(compose.services['gateway']!.stop_grace_period!)).toBeGreaterThan(grace);
  });
});
