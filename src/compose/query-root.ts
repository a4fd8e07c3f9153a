import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { Problem } from '../config/problems.js';
import type { SourceView } from '../sources/source-view.js';

/** The one field of Query when no source offers a query operation. */
export const PLACEHOLDER_FIELD = '_empty';

const placeholderQuery = () =>
  new GraphQLObjectType({
    name: 'Query',
    description: 'No source offers a query operation: this gateway serves mutations (and subscriptions) only.',
    fields: {
      [PLACEHOLDER_FIELD]: {
        type: GraphQLBoolean,
        description: 'Not data: GraphQL requires Query to have a field. Always null.',
        deprecationReason: 'A placeholder; no source offers a query operation.',
        resolve: () => null,
      },
    },
  });

/**
 * GraphQL requires a Query type with at least one field, and a schema without one cannot answer
 * even `{ __typename }`. When no source contributes a query field (every RPC a mutation, an API
 * of POSTs only), Query gets one deprecated placeholder that always answers null, so that no
 * client mistakes it for data; it goes away as soon as a source offers a query.
 */
export function withQueryRoot(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query && Object.keys(query.getFields()).length > 0) return schema;
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, query: placeholderQuery(), types: config.types.filter((type) => type.name !== 'Query') });
}

/** A note for each source that adds nothing to Query: its types are reachable only through mutations and links. */
export function noQueryNotes(views: Iterable<SourceView>): Problem[] {
  const notes: Problem[] = [];
  for (const view of views) {
    const fields = view.visible.getQueryType()?.getFields() ?? {};
    if (Object.keys(fields).length > 0) continue;
    const offered = [view.visible.getMutationType() && 'mutations', view.visible.getSubscriptionType() && 'subscriptions'].filter(Boolean).join(' and ');
    notes.push({
      file: view.entry.file,
      message: `source "${view.entry.name}" contributes no query field (it offers ${offered || 'no operation at all'}); its data is reachable only through ${offered ? `its ${offered} and ` : ''}links`,
    });
  }
  return notes;
}
