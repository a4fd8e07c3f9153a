import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, packageInfo, type PackageInfo } from '../package-info.js';
import { defaultGatewayYaml } from './gateway-yaml.js';

/** The files of a new project that are copied as they are. */
const TEMPLATES = fileURLToPath(new URL('templates/init/', PACKAGE_ROOT));

/** npm leaves `.gitignore` out of a published package, so the template is stored without its dot. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

async function templateFiles(dir = TEMPLATES): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [name, text] of await templateFiles(path)) files.set(name, text);
    else {
      const name = relative(TEMPLATES, path).split(sep).join('/');
      files.set(RENAMED[name] ?? name, await readFile(path, 'utf8'));
    }
  }
  return files;
}

/** A package name npm accepts, from the project's folder name. */
function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-._]+$/g, '');
  return name || 'gateway';
}

/**
 * Plexus's own overrides, which npm applies only in the root project: copied so that a project
 * installs the dependency versions Plexus is tested with. A `$name` reference names a dependency of
 * Plexus, which the project does not have, so it becomes that dependency's range.
 */
function overrides(plexus: PackageInfo, value = plexus.overrides): PackageInfo['overrides'] {
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => [
      name,
      typeof spec === 'string' ? (spec.startsWith('$') ? (plexus.dependencies[spec.slice(1)] ?? '*') : spec) : overrides(plexus, spec),
    ]),
  );
}

function manifest(dir: string): string {
  const plexus = packageInfo();
  const codegen = ['@graphql-codegen/cli', '@graphql-codegen/client-preset'];
  return `${JSON.stringify(
    {
      name: packageName(dir),
      private: true,
      type: 'module',
      scripts: {
        start: 'plexus start',
        check: 'plexus check',
        compose: 'plexus compose',
        codegen: 'plexus compose && graphql-codegen --config codegen.yml',
      },
      dependencies: { [plexus.name]: `^${plexus.version}` },
      devDependencies: Object.fromEntries(codegen.map((name) => [name, plexus.devDependencies[name] ?? 'latest'])),
      overrides: overrides(plexus),
      engines: plexus.engines,
    },
    null,
    2,
  )}\n`;
}

/** The example plugin and resolvers, switched on: the keys below them are the defaults, commented out. */
const EXTENSIONS_YAML = [
  '# Plugins of this project (graphql-yoga/envelop), in order, after the security plugins: a module',
  '# path relative to this file, or { module, options } for a factory. See plugins/response-time.mjs.',
  'plugins:',
  '  - module: ./plugins/response-time.mjs',
  '    options: { metric: gateway }',
  '# Modules whose named exports compute the @resolveWith fields of schemas/. See resolvers/greeting.mjs.',
  'resolvers:',
  '  - ./resolvers/greeting.mjs',
  '',
  '',
].join('\n');

/** Every file of a new gateway project in `dir`: relative path (with `/`) → content. */
export async function projectFiles(dir: string): Promise<Map<string, string>> {
  const files = await templateFiles();
  files.set('package.json', manifest(dir));
  files.set('gateway.yaml', EXTENSIONS_YAML + defaultGatewayYaml());
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
