import type { GraphQLError } from 'graphql';
import { plexusError } from '../errors.js';
import { requestStateOf, type HeldBytes } from '../request-state.js';

/**
 * The upstream answer bytes the gateway holds at once, across all requests. An answer is held from
 * its first byte until the GraphQL request it serves has its result (its parsed form lives that
 * long, several times its size); a request that would go past the budget has its call fail instead
 * of the process running out of memory.
 */
export interface ByteBudget {
  /** Bytes held now. */
  readonly inFlight: number;
  /** The largest number of bytes held at once. */
  readonly limit: number;
  /**
   * A ledger for one upstream call: bytes are taken as they arrive, and handed to the request when
   * the call ends (or given back at once when no request holds them, or the call failed).
   */
  call(holder: unknown): CallLedger;
  /** A request starts holding what its calls read, until `release`; a context that is not a gateway request holds nothing. */
  hold(holder: object): void;
  /** Gives back what the request holds; with `done`, its later calls no longer hand their bytes to it. */
  release(holder: object, done: boolean): void;
}

export interface CallLedger {
  /** False when the bytes would go past the budget: nothing is taken then. */
  take(bytes: number): boolean;
  /** The call's answer is read: its bytes pass to the request, or are given back. */
  finish(ok: boolean): void;
}

/** A call whose answer was not read because the gateway holds its budget already: no fault of the service. */
export function overBudgetError(source: string, limit: number): GraphQLError {
  const message = `The answer of source "${source}" was not read: the gateway already holds its limit of ${limit} bytes of upstream answers; try again shortly`;
  return plexusError('UPSTREAM_ERROR', message, { extensions: { source, limit: 'upstream.maxBytesInFlight' } });
}

export function createByteBudget(limit: number): ByteBudget {
  let inFlight = 0;
  // Marks the bytes a request holds against this budget rather than another one (a source built alone has its own).
  const owner = {};
  // A request dropped without its result (a plugin threw, say) still gives its bytes back once it is collected.
  const abandoned = new FinalizationRegistry<HeldBytes>((held) => {
    inFlight -= held.bytes;
  });
  // What a request (its GraphQL context) holds until it has its result, on its request state.
  const heldBy = (holder: unknown) => {
    const held = requestStateOf(holder)?.heldBytes;
    return held?.budget === owner ? held : undefined;
  };

  return {
    get inFlight() {
      return inFlight;
    },
    limit,
    call(holder) {
      let taken = 0;
      let open = true;
      return {
        take(bytes) {
          if (!open) return true;
          if (inFlight + bytes > limit) return false;
          inFlight += bytes;
          taken += bytes;
          return true;
        },
        finish(ok) {
          if (!open) return;
          open = false;
          const held = heldBy(holder);
          if (ok && held) held.bytes += taken;
          else inFlight -= taken;
        },
      };
    },
    hold(holder) {
      const state = requestStateOf(holder);
      if (!state || heldBy(holder)) return;
      const held: HeldBytes = { budget: owner, bytes: 0 };
      state.heldBytes = held;
      abandoned.register(holder, held, held);
    },
    release(holder, done) {
      const held = heldBy(holder);
      if (!held) return;
      inFlight -= held.bytes;
      held.bytes = 0;
      if (done) {
        delete requestStateOf(holder)!.heldBytes;
        abandoned.unregister(held);
      }
    },
  };
}
