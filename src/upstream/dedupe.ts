import { requestStateOf } from '../request-state.js';

/**
 * Runs `call` once per request for a given key: identical reads made while answering one GraphQL
 * request (two aliases asking for the same thing) share one upstream call. Only for idempotent calls.
 * Outside a gateway request (no request state) every call is made.
 */
export function oncePerRequest<T>(context: unknown, key: string, call: () => Promise<T>): Promise<T> {
  const calls = requestStateOf(context)?.calls;
  if (!calls) return call();
  let pending = calls.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = call();
    calls.set(key, pending);
  }
  return pending;
}
