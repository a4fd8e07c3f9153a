// What a gateway project imports from Plexus to write its own plugins and resolvers.
export type {
  PlexusPlugin,
  PlexusPluginFactory,
  PlexusPluginModule,
  ComputedFieldResolver,
  ResolverContext,
  LoadOptions,
  CallOptions,
} from './extensions/types.js';
export type { Identity } from './request-state.js';
export type { OnUpstreamCall, UpstreamCallInfo, UpstreamCallDone } from './upstream/upstream-hook.js';
