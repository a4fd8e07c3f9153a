import type { FeaturePlugins } from '../feature.js';
import type { Generations } from './generations.js';
import { useGenerationSchema } from './useGenerationSchema.js';

/** Runs each operation on the schema of its generation. */
export function generationSchema({ generations }: { generations: Generations }): FeaturePlugins {
  return [useGenerationSchema({ generations })];
}
