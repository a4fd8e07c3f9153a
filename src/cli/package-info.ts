import { existsSync, readFileSync } from 'node:fs';

/**
 * This package's root: the nearest folder above this file that holds a package.json. That is the
 * clone (from `src/cli/`), the installed package (from `dist/cli/`), or the project a build was
 * written into, so that package.json and templates/ are found the same way in each.
 */
export const PACKAGE_ROOT = packageRoot(new URL('./', import.meta.url));

function packageRoot(from: URL): URL {
  for (let dir = from; ; dir = new URL('../', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (new URL('../', dir).href === dir.href) return new URL('../../', from);
  }
}

type Overrides = { [name: string]: string | Overrides };

/** The parts of the running Plexus's package.json that the command line reads. */
export interface PackageInfo {
  name: string;
  version: string;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides: Overrides;
}

/** The running Plexus's package.json, read when asked. */
export function packageInfo(): PackageInfo {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as Partial<PackageInfo>;
  return {
    name: manifest.name ?? 'plexus',
    version: manifest.version ?? '0.0.0',
    engines: manifest.engines ?? {},
    dependencies: manifest.dependencies ?? {},
    devDependencies: manifest.devDependencies ?? {},
    overrides: manifest.overrides ?? {},
  };
}
