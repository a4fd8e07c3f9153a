import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable } from '@graphql-tools/utils';
import { plexusError } from '../errors.js';
import type { PlexusContext } from '../request-state.js';

export interface TokenExpiryOptions {
  /** `auth.clockTolerance`, in milliseconds: the token is honoured that much past its `exp`, as at verification. */
  clockToleranceMs: number;
}

// setTimeout fires at once past this; a token valid for longer is checked again when the wait ends.
const MAX_TIMER_MS = 2_147_483_647;
const EXPIRED = Symbol('expired');

/**
 * A subscription lives no longer than the token it was opened with: when the token's `exp` passes,
 * its stream ends with one UNAUTHENTICATED error, over SSE and multipart (a WebSocket connection
 * follows its token itself). A subscription opened without a token, or with one that has no `exp`,
 * is not followed.
 */
export function useTokenExpiry(options: TokenExpiryOptions): Plugin<PlexusContext> {
  return {
    onSubscribe({ args }) {
      const { identity, expiryFollowed } = args.contextValue.plexus;
      const exp = identity?.claims['exp'];
      if (typeof exp !== 'number' || expiryFollowed) return undefined;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilExpiry(result as AsyncIterable<ExecutionResult>, exp * 1000 + options.clockToleranceMs));
        },
      };
    },
  };
}

async function* untilExpiry(source: AsyncIterable<ExecutionResult>, expiresAt: number): AsyncGenerator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    const wait = () => {
      const left = expiresAt - Date.now();
      timer = left > MAX_TIMER_MS ? setTimeout(wait, MAX_TIMER_MS) : setTimeout(() => resolve(EXPIRED), Math.max(0, left));
    };
    wait();
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), expired]);
      if (next === EXPIRED) {
        yield { errors: [plexusError('UNAUTHENTICATED', 'The token has expired')] };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    // Not awaited: the source may be waiting for its next event, which return() ends.
    void iterator.return?.();
  }
}
