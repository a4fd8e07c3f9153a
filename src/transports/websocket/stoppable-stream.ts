/** A stream that can be ended from outside: its waiting and later reads fail with the error given. */
export interface StoppableStream<T> {
  stream: AsyncIterableIterator<T, void>;
  /** Fails the stream with `error` now, even while it waits for its next item, and ends the source. */
  stop(error: Error): void;
}

/**
 * Wraps a stream so that it can be ended between two items: a subscription whose token expires
 * may wait long for its next event. `return` still reaches the source at once, so closing a
 * connection ends its upstream streams.
 */
export function stoppableStream<T>(source: AsyncIterable<T>): StoppableStream<T> {
  const iterator = source[Symbol.asyncIterator]();
  let stopped: Error | undefined;
  let failWaiting: ((error: Error) => void) | undefined;
  const end = () => Promise.resolve(iterator.return?.()).catch(() => undefined);

  const stream: AsyncIterableIterator<T, void> = {
    next() {
      if (stopped) return Promise.reject(stopped);
      return new Promise<IteratorResult<T, void>>((resolve, reject) => {
        failWaiting = reject;
        iterator.next().then(resolve, reject);
      });
    },
    async return() {
      await end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return {
    stream,
    stop(error) {
      if (stopped) return;
      stopped = error;
      failWaiting?.(error);
      void end();
    },
  };
}
