// In-flight and finished idempotent calls of one request, by a key naming the call exactly.
const callsByContext = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `call` once per request for a given key: identical reads made while answering one GraphQL
 * request (two aliases asking for the same thing) share one upstream call. Only for idempotent calls.
 */
export function oncePerRequest<T>(context: unknown, key: string, call: () => Promise<T>): Promise<T> {
  if (context === null || typeof context !== 'object') return call();
  let calls = callsByContext.get(context);
  if (!calls) {
    calls = new Map();
    callsByContext.set(context, calls);
  }
  let pending = calls.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = call();
    calls.set(key, pending);
  }
  return pending;
}
