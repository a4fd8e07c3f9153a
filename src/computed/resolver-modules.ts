import type { ModuleEntry } from '../extensions/config.js';
import { ConfigurationError, type Problem } from '../config/problems.js';
import { importModule, moduleProblem } from '../extensions/import-module.js';
import type { ComputedFieldResolver } from '../extensions/types.js';

/** A resolver of the project's own, with the module that exports it. */
export interface FoundResolver {
  resolve: ComputedFieldResolver;
  module: string;
}

/** The resolvers the modules under `resolvers:` export, by export name. */
export interface ResolverSet {
  find(name: string): FoundResolver | undefined;
  /** Every resolver name, for messages. */
  names(): string[];
  /** Names exported by more than one module, with those modules: a declaration naming one is ambiguous. */
  ambiguous(name: string): string[] | undefined;
}

/**
 * Imports every module under `resolvers:`; each named export that is a function is a resolver.
 * Throws ConfigurationError naming each module that cannot be loaded or exports no function.
 */
export async function loadResolvers(entries: readonly ModuleEntry[], cwd: string): Promise<ResolverSet> {
  const problems: Problem[] = [];
  const byName = new Map<string, FoundResolver[]>();
  for (const entry of entries) {
    const imported = await importModule(entry, cwd);
    if (!imported.ok) {
      problems.push(imported.problem);
      continue;
    }
    const functions = Object.entries(imported.namespace).filter(([name, value]) => name !== 'default' && typeof value === 'function');
    if (functions.length === 0) {
      problems.push(
        moduleProblem(
          entry,
          `"${entry.module}" exports no resolver: expected named exports such as export function displayName(parent, args, context) { ... }`,
        ),
      );
      continue;
    }
    for (const [name, resolve] of functions)
      byName.set(name, [...(byName.get(name) ?? []), { resolve: resolve as ComputedFieldResolver, module: entry.module }]);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return resolverSet(byName);
}

export function resolverSet(byName: ReadonlyMap<string, readonly FoundResolver[]>): ResolverSet {
  return {
    find: (name) => byName.get(name)?.[0],
    names: () => [...byName.keys()].sort(),
    ambiguous: (name) => {
      const found = byName.get(name) ?? [];
      return found.length > 1 ? found.map((item) => item.module) : undefined;
    },
  };
}

/** No module listed: every declared resolver name is unknown. */
export const noResolvers: ResolverSet = resolverSet(new Map());
