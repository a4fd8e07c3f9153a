/**
 * Names of the types Plexus adds to the gateway schema (declared in `compose/directives.ts`).
 * They live here, apart from composition, so that a source kind can keep clear of them without
 * importing the compose layer.
 */
export const PLEXUS_TYPE_NAMES: readonly string[] = ['CacheControlScope'];
