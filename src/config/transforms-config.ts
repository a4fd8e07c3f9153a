import { z } from 'zod';

/** The naming conventions `transforms.naming` understands. */
export const NAMING_CONVENTIONS = ['PascalCase', 'camelCase', 'snake_case', 'UPPER_CASE'] as const;
export type NamingConvention = (typeof NAMING_CONVENTIONS)[number];

// A key holding one of these is a regular expression; a bare dot (as in `Type.field`) is not.
const PATTERN_CHARS = /[\^$*+?()[\]{}|\\]/;

/** True when a rename key is a regular expression rather than an exact name. */
export function isPatternKey(key: string): boolean {
  return PATTERN_CHARS.test(key);
}

const renameMap = z.record(z.string().min(1), z.string().min(1)).superRefine((map, ctx) => {
  for (const key of Object.keys(map)) {
    if (!isPatternKey(key)) continue;
    try {
      new RegExp(key);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  }
});

const globList = z.array(z.string().regex(/^[A-Za-z0-9_.*]+$/, 'a filter pattern holds names, dots and * only')).min(1);

const convention = z.enum(NAMING_CONVENTIONS, { error: `expected one of ${NAMING_CONVENTIONS.join(', ')}` });

/**
 * `transforms:` of a source.yaml: renames, filters and naming conventions applied to the source's
 * schema before composition. The service keeps seeing its own names.
 */
export const transformsSchema = z.strictObject({
  rename: z
    .strictObject({
      /** Type name (or regular expression over it) → new name; `$1` refers to a group. Default none. */
      types: renameMap.optional(),
      /** `Type.field` (or regular expression over it) → new field name; names are the source's own. Default none. */
      fields: renameMap.optional(),
    })
    .optional(),
  filter: z
    .strictObject({
      /** Globs over `Type.field` (a field) or a type name: what to remove. Default none. */
      exclude: globList.optional(),
      /** Globs over root fields (`Query.*`) and type names: keep only root fields that match. Default all. */
      include: globList.optional(),
    })
    .optional(),
  naming: z
    .strictObject({
      /** Convention for type names not renamed explicitly. Default: unchanged. */
      types: convention.optional(),
      /** Convention for field names (object, interface and input fields) not renamed explicitly. Default: unchanged. */
      fields: convention.optional(),
      /** Convention for enum values. Default: unchanged. */
      enumValues: convention.optional(),
    })
    .optional(),
});

export type TransformsConfig = z.output<typeof transformsSchema>;
