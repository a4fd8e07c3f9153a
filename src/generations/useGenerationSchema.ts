import type { Plugin } from 'graphql-yoga';
import type { Generation, Generations } from './generations.js';
import type { PlexusContext } from '../request-state.js';

export interface GenerationSchemaOptions {
  generations: Generations;
}

/**
 * Runs each operation on the schema of the generation its transport leased for it (`generation` on
 * the server context), or on the current one when none was. Set when the operation is enveloped,
 * not when an HTTP request is parsed, so that WebSocket operations, which have no HTTP request
 * of their own, get theirs the same way.
 */
export function useGenerationSchema({ generations }: GenerationSchemaOptions): Plugin<PlexusContext & { generation?: Generation }> {
  return {
    onEnveloped({ context, setSchema }) {
      setSchema((context?.generation ?? generations.current()).schema);
    },
  };
}
