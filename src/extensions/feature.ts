import type { FeaturePlugins } from '../feature.js';
import type { Logger } from '../logger.js';
import type { LoadedPlugin } from './load-plugins.js';
import { useUserPlugin } from './useUserPlugin.js';

/** The project's own plugins, in the order gateway.yaml lists them, each hook guarded. */
export function projectPlugins({ userPlugins, logger }: { userPlugins: readonly LoadedPlugin[]; logger: Logger }): FeaturePlugins {
  // A plugin with only `onUpstreamCall` has nothing for the pipeline: its hook is on the sources' call paths.
  return userPlugins.flatMap(({ plugin, module }) => (plugin ? [useUserPlugin({ plugin, module, logger })] : []));
}
