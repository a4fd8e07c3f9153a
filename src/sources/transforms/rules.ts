import { isPatternKey } from '../../config/transforms-config.js';

/** One `rename` entry: an exact name or a regular expression, and what it becomes. */
export interface RenameRule {
  key: string;
  /** The new name for `subject`, or undefined when the rule does not apply to it. */
  apply(subject: string): string | undefined;
}

/** Rules in the order they were written; the first that applies wins. Keys were validated with the config. */
export function renameRules(map: Readonly<Record<string, string>> | undefined): RenameRule[] {
  return Object.entries(map ?? {}).map(([key, replacement]) => {
    if (!isPatternKey(key)) return { key, apply: (subject) => (subject === key ? replacement : undefined) };
    const pattern = new RegExp(key);
    return { key, apply: (subject) => (pattern.test(subject) ? subject.replace(pattern, replacement) : undefined) };
  });
}

export function firstRename(rules: readonly RenameRule[], subject: string): string | undefined {
  for (const rule of rules) {
    const renamed = rule.apply(subject);
    if (renamed !== undefined) return renamed;
  }
  return undefined;
}

/** A filter glob: `*` stands for any run of characters; everything else is literal. */
export function globMatcher(globs: readonly string[] | undefined): (subject: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  const patterns = globs.map((glob) => new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`));
  return (subject) => patterns.some((pattern) => pattern.test(subject));
}

/** The globs of a filter list that name fields (`Type.field`), and those that name types. */
export function splitGlobs(globs: readonly string[] | undefined): { fields: string[]; types: string[] } {
  const all = globs ?? [];
  return { fields: all.filter((glob) => glob.includes('.')), types: all.filter((glob) => !glob.includes('.')) };
}
