import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLString } from 'graphql';
import { upstreamError } from '../../errors.js';
import type { HttpAnswer } from '../../upstream/http-client.js';
import { locationUrl } from '../../upstream/redirects.js';
import type { MappingContext } from './schema-mapping/context.js';

/** The result of an operation whose only success is a redirect. */
export interface RedirectResult {
  location: string;
  status: number;
}

/**
 * `Redirect`, one type per source, named before no component (a component called `Redirect` keeps
 * its name, this one is `Redirect2`). Every source defines it alike, so sources share it.
 */
export function redirectType(context: MappingContext): GraphQLObjectType {
  return context.ownType(
    'Redirect',
    (name) =>
      new GraphQLObjectType({
        name,
        description: 'Where the service redirected the request (a signed download URL, say). The gateway does not follow it: the client does.',
        fields: {
          location: { type: new GraphQLNonNull(GraphQLString), description: 'The absolute URL the service redirected to.' },
          status: { type: new GraphQLNonNull(GraphQLInt), description: 'The redirect status, such as 302.' },
        },
      }),
  );
}

/**
 * The redirect an answer gives. Its Location is the service's text: read as a URL relative to the
 * request's, and only an http or https URL is handed on, so that no other scheme reaches a client.
 */
export function redirectResult(source: string, answer: HttpAnswer): RedirectResult {
  if (answer.status < 300 || answer.status >= 400) {
    throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status} where a redirect is declared`, { status: answer.status });
  }
  const url = locationUrl(answer.headers['location'], answer.url);
  if (!url) throw upstreamError(source, `Source "${source}" answered HTTP ${answer.status} without a valid Location`, { status: answer.status });
  return { location: url.href, status: answer.status };
}
