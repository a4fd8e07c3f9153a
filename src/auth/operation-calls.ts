/**
 * Which Query root fields (gateway names) the gateway calls to resolve a field or an entity: a
 * link field calls its operation, a merged type the operations of its `@merge`s. Written on the
 * gateway schema when links are composed, so that the policies of those root fields guard these
 * calls as they guard a client's.
 */
const CALLS = 'plexusCalls';

interface WithExtensions {
  readonly extensions?: Readonly<Record<string, unknown>> | null | undefined;
}

export function withCalls<T extends Readonly<Record<string, unknown>>>(
  extensions: T | null | undefined,
  fieldNames: readonly string[],
): T & { [CALLS]: readonly string[] } {
  return { ...(extensions as T), [CALLS]: fieldNames };
}

export function callsOf(element: WithExtensions): readonly string[] {
  return (element.extensions?.[CALLS] as readonly string[] | undefined) ?? [];
}
