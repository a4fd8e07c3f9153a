import { existsSync, readlinkSync } from 'node:fs';
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes files into `dir` the way the kubelet updates a ConfigMap volume: the payload goes into a
 * new hidden timestamped folder, the `..data` symlink is swapped to it in one rename, each top-level
 * name is a symlink through `..data`, and the previous folder is deleted last. A file watcher
 * therefore never sees a file change in place: it sees a symlink swap and a folder deleted.
 */
export async function publishConfigMapVolume(dir: string, files: Record<string, string>, version: number): Promise<void> {
  const data = join(dir, '..data');
  const previous = existsSync(data) ? readlinkSync(data) : undefined;
  const stamp = `..2025_01_01_00_00_00.${String(version).padStart(9, '0')}`;
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, stamp, path)), { recursive: true });
    await writeFile(join(dir, stamp, path), content);
  }
  await symlink(stamp, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), data);
  const topLevel = new Set(Object.keys(files).map((path) => path.split('/')[0]!));
  for (const name of topLevel) if (!existsSync(join(dir, name))) await symlink(join('..data', name), join(dir, name));
  for (const name of await readdir(dir)) if (!name.startsWith('..') && !topLevel.has(name)) await rm(join(dir, name));
  if (previous) await rm(join(dir, previous), { recursive: true, force: true });
}

/** The files a ConfigMap volume holds: each item's key placed at its path. */
export function configMapFiles(data: Record<string, string>, items: { key: string; path: string }[]): Record<string, string> {
  return Object.fromEntries(items.map((item) => [item.path, data[item.key]!]));
}
