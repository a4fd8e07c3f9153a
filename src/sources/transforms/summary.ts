import type { GraphQLSchema } from 'graphql';
import { rootTypeNames, type TransformPlan } from './plan.js';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "renamed 3 types, 5 fields; excluded 2 root fields" — what `plexus check` prints per source. */
export function describePlan(schema: GraphQLSchema, plan: TransformPlan): string {
  const roots = rootTypeNames(schema);
  const kept = (type: string) => !plan.removedTypes.has(type);
  const types = [...plan.typeNames.keys()].filter(kept).length;
  let fields = 0;
  for (const [type, renames] of plan.fieldNames) if (kept(type)) for (const field of renames.keys()) if (!plan.removedFields.get(type)?.has(field)) fields++;
  const enumValues = [...plan.enumValues].filter(([type]) => kept(type)).reduce((sum, [, renames]) => sum + renames.size, 0);
  let rootFields = 0;
  let otherFields = 0;
  for (const [type, removed] of plan.removedFields) {
    if (roots.has(type)) rootFields += removed.size;
    else if (kept(type)) otherFields += removed.size;
  }
  const renamed = [types && count(types, 'type'), fields && count(fields, 'field'), enumValues && count(enumValues, 'enum value')].filter(Boolean);
  const excludedTypes = plan.removedTypes.size - plan.unreachableTypes.size;
  const excluded = [
    rootFields && count(rootFields, 'root field'),
    otherFields && count(otherFields, 'field'),
    excludedTypes && count(excludedTypes, 'type'),
  ].filter(Boolean);
  const parts = [
    renamed.length > 0 && `renamed ${renamed.join(', ')}`,
    excluded.length > 0 && `excluded ${excluded.join(', ')}`,
    plan.unreachableTypes.size > 0 && `dropped ${count(plan.unreachableTypes.size, 'type')} no field leads to any more`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'no change';
}
