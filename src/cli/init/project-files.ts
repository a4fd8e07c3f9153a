import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, packageInfo } from '../package-info.js';
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
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-._]+$/g, '');
  return name || 'gateway';
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
    },
    null,
    2,
  )}\n`;
}

/** Every file of a new gateway project in `dir`: relative path (with `/`) → content. */
export async function projectFiles(dir: string): Promise<Map<string, string>> {
  const files = await templateFiles();
  files.set('package.json', manifest(dir));
  files.set('gateway.yaml', defaultGatewayYaml());
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
