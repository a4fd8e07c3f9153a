/** Who is calling: set by the auth plugin for a verified token, absent for anonymous requests. */
export interface Identity {
  /** The token's `sub` claim. */
  subject?: string;
  /** Every verified claim of the token. */
  claims: Readonly<Record<string, unknown>>;
  /** From the `scope` (space-separated) or `scp` (list) claim. */
  scopes: ReadonlySet<string>;
}

// Keyed by the GraphQL context of the request, so an identity never outlives or crosses requests.
const identities = new WeakMap<object, Identity>();

export function setIdentity(context: object, identity: Identity): void {
  identities.set(context, identity);
}

export function getIdentity(context: unknown): Identity | undefined {
  return context !== null && typeof context === 'object' ? identities.get(context) : undefined;
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
