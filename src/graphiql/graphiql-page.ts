import type { GraphiQLOptions } from 'graphql-yoga';
import type { GraphiQLConfig } from './config.js';

const DESCRIPTION = 'Plexus: one GraphQL endpoint over REST, gRPC and GraphQL services. Explore the gateway schema and run queries.';

/** Three services joined at one point. */
const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="28" height="28" aria-label="Plexus">' +
  '<g stroke="#6d28d9" stroke-width="2.5"><line x1="16" y1="17" x2="6" y2="7"/><line x1="16" y1="17" x2="26" y2="7"/><line x1="16" y1="17" x2="16" y2="28"/></g>' +
  '<g fill="#6d28d9"><circle cx="16" cy="17" r="4.5"/><circle cx="6" cy="7" r="3.5"/><circle cx="26" cy="7" r="3.5"/><circle cx="16" cy="28" r="3.5"/></g></svg>';

/** Stands in for the default document while yoga renders the page, then is replaced by it. */
const PLACEHOLDER = 'plexus-default-document-placeholder';

/** GraphiQL's options for the gateway: Plexus's title, logo and icon, opening with the configured document. */
export function graphiqlOptions(config: GraphiQLConfig): GraphiQLOptions {
  return {
    title: 'Plexus',
    logo: LOGO,
    favicon: `data:image/svg+xml,${encodeURIComponent(LOGO)}`,
    defaultQuery: config.defaultQuery,
  };
}

/**
 * Renders the page with graphql-yoga's GraphiQL (loaded on the first page view, so a gateway nobody
 * browses does not hold its assets in memory), described as Plexus. The default document is
 * written into the page's script by hand: yoga writes options as plain JSON, in which a document
 * holding `</script>` would end the script early.
 */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const document = options.defaultQuery;
  const html = renderGraphiQL(document === undefined ? options : { ...options, defaultQuery: PLACEHOLDER });
  const described = html.replace('<meta charset="utf-8" />', () => `<meta charset="utf-8" />\n      <meta name="description" content="${DESCRIPTION}" />`);
  return document === undefined ? described : described.replace(JSON.stringify(PLACEHOLDER), () => scriptSafeJson(document));
}

/** JSON that cannot close the script element it is written into. */
function scriptSafeJson(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
