import { readFileSync } from 'node:fs';

/**
 * This package's root: two levels above this file both in a clone (`src/cli/`) and in an installed
 * package (`dist/cli/`), so that package.json and templates/ are found the same way in both.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

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
