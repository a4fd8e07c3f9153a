/**
 * A per-call deadline that also follows the client's request signal, so an abandoned request
 * stops its upstream calls. `timedOut` tells a deadline apart from a client abort.
 */
export interface Deadline {
  signal: AbortSignal;
  /** When the time runs out, in epoch milliseconds (what gRPC takes as a deadline). */
  readonly at: number;
  readonly timedOut: boolean;
  clear(): void;
}

export function startDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const at = Date.now() + timeoutMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms exceeded`));
  }, timeoutMs);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    at,
    get timedOut() {
      return timedOut;
    },
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** The client request's abort signal, when the GraphQL context carries the request. */
export function requestSignal(context: unknown): AbortSignal | undefined {
  // Duck-typed: yoga's server adapter may bring its own AbortSignal implementation.
  const signal = (context as { request?: { signal?: { addEventListener?: unknown } } } | undefined)?.request?.signal;
  return typeof signal?.addEventListener === 'function' ? (signal as AbortSignal) : undefined;
}
