import { buildASTSchema, parse, type GraphQLDirective, type GraphQLNamedType } from 'graphql';
import { PLEXUS_TYPE_NAMES } from '../reserved-names.js';

/**
 * The directives users write in `schemas/*.graphql`, with the types their arguments need.
 * They are added to the gateway schema so the composed SDL shows every policy where it applies.
 */
export const PLEXUS_DIRECTIVES_SDL = /* GraphQL */ `
  "The field or type needs a verified token."
  directive @authenticated on OBJECT | FIELD_DEFINITION | INTERFACE | SCALAR | ENUM

  "The token must hold all scopes of at least one inner list (outer list OR, inner list AND)."
  directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | FIELD_DEFINITION | INTERFACE | SCALAR | ENUM

  "How long a response holding this field or type may be cached, and for whom."
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  "Who may share a cached response: anyone (PUBLIC) or only the same verified subject (PRIVATE)."
  enum CacheControlScope {
    PUBLIC
    PRIVATE
  }
`;

const definitions = buildASTSchema(parse(PLEXUS_DIRECTIVES_SDL), { assumeValidSDL: true });

export const plexusDirectives: readonly GraphQLDirective[] = definitions
  .getDirectives()
  .filter((directive) => PLEXUS_DIRECTIVES_SDL.includes(`directive @${directive.name}`));

/** Types Plexus adds to the gateway schema; a source type with one of these names gets a clash error. */
export const plexusTypes: readonly GraphQLNamedType[] = PLEXUS_TYPE_NAMES.map((name) => definitions.getType(name)!);
