import type { ExecutionResult } from 'graphql';
import type { OnSubscribeHookResult } from '@envelop/core';
import { isAsyncIterable } from '@graphql-tools/utils';

/** What a plugin learns about the stream of one subscription. */
export interface StreamObserver {
  /** One event was handed to the transport. */
  event(result: ExecutionResult): void;
  /** The stream ended: completed, failed, or its client left. Called exactly once. */
  ended(): void;
}

/**
 * The `onSubscribe` hook result that follows a subscription's stream, whatever transport serves it
 * (SSE, WebSocket, multipart): envelop wraps the stream, so its end is seen where it happens, not
 * when the transport's response starts. `open` is called when the subscription opened a stream;
 * it returns the observer, or undefined to not follow it. A subscription refused before any event
 * (a single result) is not followed.
 */
export function followSubscription<Context>(open: () => StreamObserver | undefined): OnSubscribeHookResult<Context> {
  let observer: StreamObserver | undefined;
  let ended = false;
  // envelop reports the end of a stream in two places: completion or return (onEnd), and a
  // stream that throws (onSubscribeError).
  const end = () => {
    if (!observer || ended) return;
    ended = true;
    observer.ended();
  };
  return {
    onSubscribeResult({ result }) {
      if (!isAsyncIterable(result)) return undefined;
      observer = open();
      if (!observer) return undefined;
      const current = observer;
      return { onNext: ({ result: event }) => current.event(event as ExecutionResult), onEnd: end };
    },
    onSubscribeError: end,
  };
}
