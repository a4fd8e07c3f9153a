import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleEntry } from './config.js';
import type { Problem } from '../config/problems.js';

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** What importing a module of the project gave: its namespace, or a problem at the line that named it. */
export type Imported = { ok: true; namespace: Record<string, unknown> } | { ok: false; problem: Problem };

/**
 * Imports a module named in gateway.yaml: a file (TypeScript through tsx, which compiles it on
 * load, so a project needs no build step for its plugins) or a package installed in the project.
 */
export async function importModule(entry: ModuleEntry, cwd: string): Promise<Imported> {
  try {
    const file = locate(entry, cwd);
    const url = pathToFileURL(file).href;
    const namespace = TYPESCRIPT.test(file) ? await importTypeScript(url) : await import(url);
    return { ok: true, namespace: namespace as Record<string, unknown> };
  } catch (error) {
    return { ok: false, problem: moduleProblem(entry, `cannot load module "${entry.module}": ${firstLine(error)}`) };
  }
}

/** A problem about a module, at the place that named it. */
export function moduleProblem(entry: ModuleEntry, message: string): Problem {
  return { ...entry.declaredAt, ...(entry.declaredAt.file.startsWith('environment variable') && { from: 'environment' as const }), message };
}

function locate(entry: ModuleEntry, cwd: string): string {
  if (isAbsolute(entry.path)) return entry.path;
  if (entry.path.startsWith('.')) return resolve(cwd, entry.path);
  // A package: found from the project's folder, not from Plexus's own.
  return createRequire(join(cwd, 'gateway.yaml')).resolve(entry.path);
}

async function importTypeScript(url: string): Promise<unknown> {
  // Loaded only when a project names a TypeScript module: tsx registers a loader scoped to this import.
  const { tsImport } = await import('tsx/esm/api');
  const namespace = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  // A .ts file outside a `"type": "module"` package is compiled to CommonJS: its exports sit under `default`.
  const inner = namespace['default'];
  const commonJs =
    inner !== null && typeof inner === 'object' && Object.keys(namespace).every((name) => name === 'default' || name === 'module.exports' || name in inner);
  return commonJs && 'default' in inner ? inner : namespace;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
