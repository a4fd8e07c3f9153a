import type { GatewayConfig } from '../config/gateway-config.js';
import type { Generation } from '../generations/generations.js';
import type { ConfiguredYoga } from './build-yoga.js';
import type { CacheFastPath } from '../cache/fast-path.js';

/** The configuration a generation is served with: its yoga server and what was built with it. */
export interface Runtime extends ConfiguredYoga {
  config: GatewayConfig;
  /** Short hash of `config`. */
  version: string;
  fastPath?: CacheFastPath;
}

/**
 * Which runtime serves which generation: a reload builds both and swaps them in together, so a
 * request leases one schema and one configuration for its whole life.
 */
export class Runtimes {
  private readonly byGeneration = new WeakMap<Generation, Runtime>();
  private newest: Runtime | undefined;

  /** The runtime of `generation`; the newest one for a generation that was never given one. */
  of(generation: Generation): Runtime {
    return this.byGeneration.get(generation) ?? this.latest;
  }

  set(generation: Generation, runtime: Runtime): void {
    this.byGeneration.set(generation, runtime);
  }

  /** The runtime of the generation served now. */
  get latest(): Runtime {
    if (!this.newest) throw new Error('no runtime was built yet');
    return this.newest;
  }

  set latest(runtime: Runtime) {
    this.newest = runtime;
  }
}
