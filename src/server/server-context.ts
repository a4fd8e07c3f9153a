import type { Generation } from '../generations/generations.js';

/** What the HTTP layer hands yoga with each request: the generation it runs on, for its whole life. */
export interface GatewayServerContext {
  generation?: Generation;
  /** When the request reached the gateway (`performance.now()`), before it waited for admission. */
  receivedAt?: number;
  /** Gives the operation's admission slot back (server/admission.ts); absent for requests that need none. */
  leave?: () => void;
}
