import type { z } from 'zod';

/** Keys read for compatibility, never in effect on their own (`cors.origins` shows what `cors.origin` gave). */
export const FORMER_NAMES: ReadonlySet<string> = new Set(['cors.origin', 'execution.jit']);

/** One key a configuration schema accepts, with the schema of its value. */
export interface SchemaKey {
  path: string[];
  schema: z.ZodType;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Every key with a value of its own, in schema order: mappings are walked into, anything else
 * (a number, a list, a mapping of names such as `cache.types`) is one key.
 */
export function schemaKeys(schema: z.ZodType, prefix: string[] = []): SchemaKey[] {
  const shape = objectShape(schema);
  if (!shape) return [{ path: prefix, schema }];
  return Object.entries(shape).flatMap(([key, child]) => schemaKeys(child, [...prefix, key]));
}

/** The keys of the object under defaults, optionals, refinements and transforms, if it is one. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape;
  if (def.innerType) return objectShape(def.innerType);
  if (def.type === 'pipe') return (def.in && objectShape(def.in)) ?? (def.out && objectShape(def.out));
  return undefined;
}

/** The schema under defaults and optionals, to tell what kind of value a key holds. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return def.innerType ? innerSchema(def.innerType) : schema;
}
