import { readFileSync } from 'node:fs';

/**
 * This package's root: two levels above this file both in a clone (`src/cli/`) and in an installed
 * package (`dist/cli/`), so that package.json and templates/ are found the same way in both.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

export interface PackageInfo {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
}

/** The running Plexus's package.json, read when asked. */
export function packageInfo(): PackageInfo {
  const manifest = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as Partial<PackageInfo>;
  return { name: manifest.name ?? 'plexus', version: manifest.version ?? '0.0.0', devDependencies: manifest.devDependencies ?? {} };
}
