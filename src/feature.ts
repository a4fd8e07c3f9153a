import type { YogaServerOptions } from 'graphql-yoga';

/**
 * One entry of yoga's `plugins` option. Plexus's own plugins are `Plugin<PlexusContext>` (some with
 * a server context of their own); library plugins are typed on yoga's bare context. yoga takes
 * both side by side, and so does a feature's list.
 */
export type YogaPlugin = NonNullable<YogaServerOptions<{}, {}>['plugins']>[number];

/**
 * The yoga plugins one feature adds to the gateway at one position of its list
 * (src/server/features.ts). Each feature folder exports its positions as functions of the parts
 * of the gateway they read, so that the list shows every feature in order and each feature shows
 * what it depends on.
 *
 * This module holds types only, so that every feature folder may import it.
 */
export type FeaturePlugins = YogaPlugin[];

/** One position of the list: a feature's plugins, from the parts of the gateway it reads. */
export type FeatureStage<Parts> = (parts: Parts) => FeaturePlugins;
