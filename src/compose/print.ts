import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { printSchemaWithDirectives } from '@graphql-tools/utils';

export const COMPOSED_HEADER = '# Composed by `plexus compose` from sources/ and schemas/. Do not edit by hand.\n';

/** The gateway schema as stable SDL: types, fields and arguments sorted, so diffs show only real changes. */
export function printComposed(schema: GraphQLSchema): string {
  return `${COMPOSED_HEADER}\n${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
