import { requestStateOf, type Identity } from '../request-state.js';

export type { Identity };

/** Puts the verified identity on the request's state; a context that is not a gateway request has none to hold it. */
export function setIdentity(context: object, identity: Identity): void {
  const state = requestStateOf(context);
  if (state) state.identity = identity;
}

export function getIdentity(context: unknown): Identity | undefined {
  return requestStateOf(context)?.identity;
}

/** Reads a claim by name or dot path (`org.id`). */
export function claimValue(identity: Identity | undefined, path: string): unknown {
  let value: unknown = identity?.claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
