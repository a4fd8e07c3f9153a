import { buildASTSchema, parse } from 'graphql';

/** The directive that declares a computed field in `schemas/*.graphql`. */
export const COMPUTED_DIRECTIVE_SDL = /* GraphQL */ `
  "Compute this field with a resolver of the project's own: a named export of a module listed under resolvers: in gateway.yaml."
  directive @resolveWith(
    "The resolver: the name a module under resolvers: exports it as."
    resolver: String!
    "Fields of the parent the resolver reads, separated by spaces; fetched even when the client does not select them."
    requires: String
  ) on FIELD_DEFINITION
`;

export const computedDirective = buildASTSchema(parse(COMPUTED_DIRECTIVE_SDL), { assumeValidSDL: true }).getDirective('resolveWith')!;
