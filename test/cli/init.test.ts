import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { gatewayConfigSchema } from '../../src/config/gateway-config.js';
import { initCommand } from '../../src/cli/init.js';
import { defaultGatewayYaml } from '../../src/cli/init/gateway-yaml.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/gateway.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});
const tempDir = async () => (dir = await mkdtemp(join(tmpdir(), 'plexus-init-')));

/** Every key path of a parsed value, objects walked, arrays and scalars as leaves. */
function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, [...prefix, key]));
}

/** The YAML with every line after the header uncommented, keys without a default left out. */
function uncommented(text: string): Record<string, unknown> {
  const all = text.split('\n');
  const lines = all.slice(all.findIndex((line) => line.startsWith('# port:'))).filter((line) => !line.includes('# not set'));
  const dropNulls = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, inner]) => inner !== null)
            .map(([key, inner]) => [key, dropNulls(inner)]),
        )
      : value;
  return dropNulls(parse(lines.map((line) => line.slice(2)).join('\n'))) as Record<string, unknown>;
}

describe('the gateway.yaml of plexus init', () => {
  const text = defaultGatewayYaml();

  it('is a valid configuration of the defaults once every line is uncommented', () => {
    const config = uncommented(text);
    expect(Object.keys(config)).toContain('rateLimit');
    expect(gatewayConfigSchema.parse(config)).toEqual(gatewayConfigSchema.parse({}));
  });

  it('names every key of the default configuration, each under its section', () => {
    const defaults = gatewayConfigSchema.parse({});
    // Derived values, which the file cannot set: whether a feature is on follows from other keys.
    const derived = new Set(['auth.enabled', 'rateLimit.enabled', 'cache.enabled', 'persistedDocuments.trustedOnly']);
    const lines = text.split('\n');
    for (const path of keyPaths(defaults)) {
      if (derived.has(path.join('.'))) continue;
      // Each key follows its parent's line, indented one step further.
      let from = 0;
      for (const [depth, key] of path.entries()) {
        const at = lines.findIndex((line, index) => index >= from && line.startsWith(`# ${'  '.repeat(depth)}${key}:`));
        expect(at, `gateway.yaml lists ${path.join('.')}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }
  });

  it('writes durations as a person would and names the environment variable of a key', () => {
    expect(text).toContain('#   grace: 10s\n');
    expect(text).toMatch(/^# port: 4000 {2}# PORT$/m);
  });
});

describe('plexus init', () => {
  it('scaffolds a project that depends on the running plexus and checks clean', async () => {
    const target = join(await tempDir(), 'my-gateway');
    const result = await runCli(['init', target], tmpdir());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // From a clone, the next steps say how to install the package the clone packs.
    expect(result.stdout).toContain(`npm install <that folder>/plexus-`);
    const manifest = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
    const own = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'my-gateway',
      dependencies: { plexus: `^${own.version}` },
      scripts: { start: 'plexus start', check: 'plexus check', compose: 'plexus compose' },
      engines: own.engines,
    });
    expect(manifest.scripts.codegen).toContain('graphql-codegen');
    expect((await readdir(target)).sort()).toEqual(
      ['.gitignore', 'README.md', 'codegen.yml', 'gateway.yaml', 'operations', 'package.json', 'plugins', 'resolvers', 'schemas', 'sources'].sort(),
    );
    const check = await runCli(['check'], target);
    expect(check).toMatchObject({ code: 0, stdout: 'ok: 1 source: hello (openapi)\n' });
  });

  it('works in a folder that holds only .git', async () => {
    const target = await tempDir();
    await mkdir(join(target, '.git'));
    expect(await initCommand({}, target)).toContain('sources/hello/source.yaml');
  });

  it('overwrites nothing and names the files that are in the way', async () => {
    const target = await tempDir();
    await writeFile(join(target, 'gateway.yaml'), 'port: 5000\n');
    await mkdir(join(target, 'sources', 'hello'), { recursive: true });
    await writeFile(join(target, 'sources', 'hello', 'source.yaml'), 'kind: graphql\n');
    const result = await runCli(['init', '.'], target);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('plexus init: . already has gateway.yaml, sources/hello/source.yaml;');
    expect(await readFile(join(target, 'gateway.yaml'), 'utf8')).toBe('port: 5000\n');
    expect(await readdir(target)).toEqual(expect.not.arrayContaining(['package.json', 'README.md']));
  });
});

describe('plexus --version', () => {
  it('prints the version of package.json', async () => {
    const own = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(await runCli(['--version'], tmpdir())).toMatchObject({ code: 0, stdout: `${own.version}\n` });
  });
});

describe('the README', () => {
  it('states the Node.js version that package.json requires', async () => {
    const own = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const stated = /Requirements: Node\.js (\d+\.\d+(?:\.\d+)?) or newer/.exec(readme)?.[1];
    expect(stated).toBeDefined();
    expect(own.engines.node).toBe(`>=${stated}`);
  });
});
