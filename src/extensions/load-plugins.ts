import type { Plugin } from 'graphql-yoga';
import type { ModuleEntry } from './config.js';
import { ConfigurationError, type Problem } from '../config/problems.js';
import { importModule, moduleProblem } from './import-module.js';
import type { OnUpstreamCall, UpstreamHook } from '../upstream/upstream-hook.js';
import type { PlexusPlugin } from './types.js';

/** A plugin of the project's own, made from its module, with the module's name for logs. */
export interface LoadedPlugin {
  module: string;
  /** Its hooks of the request pipeline (yoga and envelop); none when it only watches upstream calls. */
  plugin?: Plugin<Record<string, unknown>>;
  /** Its hook on every call of a source to its service. */
  onUpstreamCall?: OnUpstreamCall;
}

/**
 * Imports every module listed under `plugins:` and makes its plugin: the default export itself, or
 * what the default export (a factory) returns for the entry's options. Throws ConfigurationError
 * naming each module that cannot be loaded or exports no plugin, at the line that names it.
 */
export async function loadPlugins(entries: readonly ModuleEntry[], cwd: string): Promise<LoadedPlugin[]> {
  const problems: Problem[] = [];
  const loaded: LoadedPlugin[] = [];
  for (const entry of entries) {
    const imported = await importModule(entry, cwd);
    if (!imported.ok) {
      problems.push(imported.problem);
      continue;
    }
    const exported = imported.namespace['default'];
    let plugin: unknown = exported;
    if (typeof exported === 'function') {
      try {
        plugin = await (exported as (options: unknown) => unknown)(entry.options);
      } catch (error) {
        problems.push(moduleProblem(entry, `plugin factory of "${entry.module}" failed: ${error instanceof Error ? error.message : String(error)}`));
        continue;
      }
    } else if (entry.options !== undefined) {
      problems.push(moduleProblem(entry, `"${entry.module}" exports a plugin object, not a factory: it takes no options`));
      continue;
    }
    const problem = pluginProblem(plugin);
    if (problem) {
      problems.push(moduleProblem(entry, `"${entry.module}" ${typeof exported === 'function' ? 'default export returned' : 'exports as default'} ${problem}`));
      continue;
    }
    loaded.push(split(entry.module, plugin as PlexusPlugin));
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return loaded;
}

/** What is wrong with a value that should be a plugin: an object whose hooks are functions. */
function pluginProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`}: expected a plugin (an object of hooks such as onRequest, onExecute, onResponse) or a function returning one`;
  }
  const hooks = Object.entries(value).filter(([name]) => /^on[A-Z]/.test(name));
  const wrong = hooks.find(([, hook]) => typeof hook !== 'function');
  if (wrong) return `a plugin whose ${wrong[0]} is not a function`;
  if (hooks.length === 0) return 'an object with no hooks: expected a plugin (an object of hooks such as onRequest, onExecute, onResponse)';
  return undefined;
}

/** `onUpstreamCall` goes to the sources' call paths, the other hooks to the request pipeline. */
function split(module: string, plexusPlugin: PlexusPlugin): LoadedPlugin {
  const { onUpstreamCall, ...pipeline } = plexusPlugin;
  const hasPipelineHooks = Object.keys(pipeline).some((name) => /^on[A-Z]/.test(name));
  return {
    module,
    ...(hasPipelineHooks && { plugin: pipeline }),
    ...(onUpstreamCall && { onUpstreamCall: onUpstreamCall.bind(plexusPlugin) }),
  };
}

/** The `onUpstreamCall` hooks of the project's plugins, in the order gateway.yaml lists them. */
export function upstreamHooksOf(plugins: readonly LoadedPlugin[]): UpstreamHook[] {
  return plugins.flatMap(({ module, onUpstreamCall }) => (onUpstreamCall ? [{ plugin: module, onUpstreamCall }] : []));
}
