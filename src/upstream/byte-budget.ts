import type { GraphQLError } from 'graphql';
import { plexusError } from '../errors.js';

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
  /** A request starts holding what its calls read, until `release`. */
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
  // By request (GraphQL context): bytes held until the request has its result.
  const accounts = new WeakMap<object, { bytes: number }>();
  // A request dropped without its result (a plugin threw, say) still gives its bytes back once it is collected.
  const abandoned = new FinalizationRegistry<{ bytes: number }>((account) => {
    inFlight -= account.bytes;
  });
  const accountOf = (holder: unknown) => (typeof holder === 'object' && holder !== null ? accounts.get(holder) : undefined);

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
          const account = accountOf(holder);
          if (ok && account) account.bytes += taken;
          else inFlight -= taken;
        },
      };
    },
    hold(holder) {
      if (accounts.has(holder)) return;
      const account = { bytes: 0 };
      accounts.set(holder, account);
      abandoned.register(holder, account, account);
    },
    release(holder, done) {
      const account = accounts.get(holder);
      if (!account) return;
      inFlight -= account.bytes;
      account.bytes = 0;
      if (done) {
        accounts.delete(holder);
        abandoned.unregister(account);
      }
    },
  };
}
