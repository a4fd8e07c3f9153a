import { plexusError } from '../errors.js';

/** The `map` field of a multipart request: each file part's name and where it goes in `operations`. */
export type FileMap = Map<string, string[]>;

/** A multipart request that breaks the specification: 400 `BAD_REQUEST`, naming what is wrong. */
export function invalidMultipart(reason: string) {
  return plexusError('BAD_REQUEST', `Invalid multipart request: ${reason} (see the GraphQL multipart request specification)`, { httpStatus: 400 });
}

function json(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidMultipart(`the "${field}" field is not JSON`);
  }
}

/** `operations`: one operation's params, or a batch of them. */
export function readOperations(text: string): Record<string, unknown> | unknown[] {
  const operations = json(text, 'operations');
  if (operations === null || typeof operations !== 'object') throw invalidMultipart('the "operations" field is not an object or a list of them');
  return operations as Record<string, unknown> | unknown[];
}

/** `map`: an object of file part names to lists of paths. */
export function readMap(text: string): FileMap {
  const map = json(text, 'map');
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw invalidMultipart('the "map" field is not an object');
  const entries = new Map<string, string[]>();
  for (const [name, paths] of Object.entries(map)) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string')) {
      throw invalidMultipart(`the "map" entry "${name}" is not a list of paths`);
    }
    entries.set(name, paths as string[]);
  }
  return entries;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Puts a file where a path of `map` points, in an operation's variables only (`variables.file`,
 * or `0.variables.files.1` in a batch). Every step but the last must already be there: a path
 * places a file at a placeholder the client wrote, it builds nothing.
 */
export function placeFile(operations: Record<string, unknown> | unknown[], path: string, file: File): void {
  const steps = path.split('.');
  const variablesAt = Array.isArray(operations) ? 1 : 0;
  if (steps.length < variablesAt + 2 || steps[variablesAt] !== 'variables' || steps.some((step) => UNSAFE.has(step))) {
    throw invalidMultipart(`the "map" path "${path}" does not point into an operation's variables`);
  }
  let target: unknown = operations;
  for (const step of steps.slice(0, -1)) {
    target = target !== null && typeof target === 'object' && Object.hasOwn(target, step) ? (target as Record<string, unknown>)[step] : undefined;
    if (target === null || typeof target !== 'object') throw invalidMultipart(`the "map" path "${path}" does not exist in "operations"`);
  }
  (target as Record<string, unknown>)[steps.at(-1)!] = file;
}
