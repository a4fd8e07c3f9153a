import type { KeySource } from '../plan/query-plan.js';
import { readField } from './read-field.js';
import type { RequestRun } from './request-run.js';

type Parent = Record<string, unknown>;

/**
 * The objects a link's keys are read from: found by following the response's path from the root
 * through what the fetches answered, across lists, leaving out nulls, errors and objects of
 * another type.
 */
export function parentsAt(run: RequestRun, source: Pick<Extract<KeySource, { kind: 'parents' }>, 'path' | 'typeName' | 'typenameKey'>): Parent[] {
  let current: unknown[] = [undefined];
  for (const step of source.path) {
    const next: unknown[] = [];
    for (const parent of current) {
      if (step.typeName !== undefined && (parent as Parent)[step.typenameKey!] !== step.typeName) continue;
      flattenInto(next, readField(run, step.shape, parent as Parent, step.typeName ?? step.shape.parentType));
    }
    current = next;
  }
  if (source.typeName === undefined) return current as Parent[];
  return (current as Parent[]).filter((parent) => parent[source.typenameKey!] === source.typeName);
}

function flattenInto(into: unknown[], value: unknown): void {
  if (Array.isArray(value)) for (const item of value) flattenInto(into, item);
  else if (value !== null && typeof value === 'object' && !(value instanceof Error)) into.push(value);
}
