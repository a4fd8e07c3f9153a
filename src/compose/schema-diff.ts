import { buildSchema, type GraphQLSchema } from 'graphql';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';

/** How a change affects clients: `breaking` fails some existing operation, `dangerous` may change what clients see. */
export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  level: ChangeLevel;
  /** What changed, e.g. `Field 'alpha' was removed from object type 'Query'`. */
  message: string;
  /** The schema coordinate it is about, e.g. `Query.alpha`. */
  path?: string;
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};
const ORDER: readonly ChangeLevel[] = ['breaking', 'dangerous', 'safe'];

/** What changed from one schema to the next, classified by @graphql-inspector/core; breaking changes first. */
export async function diffSchemas(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(before, after);
  return changes.map(toSchemaChange).sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
}

/** A schema from composed SDL such as `schemas/gateway.graphql`, to compare against; never served. */
export function schemaFromSdl(sdl: string): GraphQLSchema {
  return buildSchema(sdl, { assumeValidSDL: true, noLocation: true });
}

export function countByLevel(changes: readonly SchemaChange[]): Record<ChangeLevel, number> {
  const counts: Record<ChangeLevel, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) counts[change.level]++;
  return counts;
}

/** `2 breaking, 0 dangerous, 1 safe` */
export function summarizeChanges(changes: readonly SchemaChange[]): string {
  const counts = countByLevel(changes);
  return ORDER.map((level) => `${counts[level]} ${level}`).join(', ');
}

/** The changes for a terminal: grouped by level, breaking first, one change per line. */
export function formatChanges(changes: readonly SchemaChange[]): string[] {
  if (changes.length === 0) return ['no schema changes'];
  const lines: string[] = [];
  for (const level of ORDER) {
    const group = changes.filter((change) => change.level === level);
    if (group.length === 0) continue;
    lines.push(`${level} (${group.length}):`);
    for (const change of group) lines.push(`  ${change.message}`);
  }
  return lines;
}

function toSchemaChange(change: Change): SchemaChange {
  return { level: LEVELS[change.criticality.level], message: change.message, ...(change.path !== undefined && { path: change.path }) };
}
