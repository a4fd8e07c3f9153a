import { z } from 'zod';
import { expecting } from '../config/schema-helpers.js';

/**
 * A module named in `gateway.yaml` (`plugins:` or `resolvers:`). `path` and `declaredAt` are filled
 * in where the file is read: the module's absolute path (resolved against the folder of
 * gateway.yaml) and where it was named, for start-up errors.
 */
export interface ModuleEntry {
  /** The module as written, e.g. `./plugins/stamp.mjs`. */
  module: string;
  /** What a plugin factory is called with. Default: none. */
  options?: unknown;
  /** Absolute, or relative to the gateway's working folder when the configuration was not read from a file. */
  path: string;
  /** Where the module was named: `gateway.yaml` and its line, or the environment variable. */
  declaredAt: { file: string; line?: number };
}

const MODULE = 'a module path (e.g. ./plugins/stamp.mjs) or { module, options }';

const moduleEntry = z.union(
  [
    z
      .string()
      .min(1, expecting(MODULE))
      .transform((module): ModuleEntry => ({ module, path: module, declaredAt: { file: 'gateway.yaml' } })),
    z
      .strictObject({
        /** The module: a path relative to gateway.yaml's folder (`.js`, `.mjs`, `.ts`, `.mts`), or a package name. */
        module: z.string(expecting('a module path')).min(1, expecting('a module path')),
        /** Passed to the module's default export when it is a factory. */
        options: z.unknown().optional(),
      })
      .transform(({ module, options }): ModuleEntry => ({
        module,
        ...(options !== undefined && { options }),
        path: module,
        declaredAt: { file: 'gateway.yaml' },
      })),
  ],
  expecting(MODULE),
);

/** A list of modules, also written as one comma-separated text (environment variables carry those). */
const moduleList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
      : value,
  z.array(moduleEntry, expecting(`a list of modules (${MODULE})`)),
);

/**
 * `plugins`: yoga/envelop plugins of the project's own, each module's default export a plugin
 * object or a factory `(options) => plugin` (may be async). They run after Plexus's own security
 * plugins, in the order listed. Default none.
 */
export const pluginsConfigSchema = moduleList.default([]);

/**
 * `resolvers`: modules whose named exports compute the fields declared with `@resolveWith` in
 * `schemas/*.graphql`. Default none.
 */
export const resolversConfigSchema = moduleList.default([]);

export const extensionsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_PLUGINS: ['plugins'],
  PLEXUS_RESOLVERS: ['resolvers'],
};
