import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { PersistedDocumentsConfig } from './config.js';
import { plexusError } from '../errors.js';
import { createMemoryApqStore } from './apq-store.js';

export interface PersistedDocumentsOptions {
  /** The resolved `persistedDocuments` section of gateway.yaml. */
  config: PersistedDocumentsConfig;
  /** Trusted documents by id (see persisted-documents/manifest.ts). Default: none, trusted mode off. */
  manifest?: ReadonlyMap<string, string>;
  /** Where APQ registrations live (see persisted-documents/apq-store.ts). Default: this process's memory. */
  apqStore?: APQStore;
}

/** Request parameter naming a persisted document (the GraphQL over HTTP proposal), besides APQ's extension. */
export const DOCUMENT_ID_PARAM = 'documentId';

/**
 * Lets clients send a document id instead of the document: APQ (@graphql-yoga/plugin-apq, with
 * the `PersistedQueryNotFound` round trip) and trusted documents from a manifest
 * (@graphql-yoga/plugin-persisted-operations). With a manifest and `allowArbitrary: false`, only
 * the manifest's documents run, and APQ registrations are refused like any other document text.
 *
 * Typed on yoga's bare context, as the APQ plugin it adds is: it reads no request state itself.
 */
export function usePersistedDocuments({ config, manifest, apqStore: givenStore }: PersistedDocumentsOptions): Plugin {
  const apqStore = config.apq.enabled && !config.trustedOnly ? (givenStore ?? createMemoryApqStore(config.apq)) : undefined;
  return {
    onPluginInit({ addPlugin }) {
      if (manifest) {
        addPlugin(
          usePersistedOperations({
            allowArbitraryOperations: !config.trustedOnly,
            extractPersistedOperationId: documentIdOf,
            // An id that is not trusted may still be a document this gateway learnt through APQ.
            getPersistedOperation: (id) => lookUp(manifest, id) ?? registered(apqStore, id),
            customErrors: {
              persistedQueryOnly: () =>
                plexusError(
                  'BAD_USER_INPUT',
                  `This gateway runs trusted documents only: send the id of a document of its manifest as "${DOCUMENT_ID_PARAM}" (or extensions.persistedQuery.sha256Hash) instead of the document text`,
                  {
                    httpStatus: 400,
                  },
                ),
              keyNotFound: () =>
                plexusError('BAD_USER_INPUT', `Send a document id as "${DOCUMENT_ID_PARAM}" or extensions.persistedQuery.sha256Hash`, { httpStatus: 400 }),
              notFound: ({ params, request }) =>
                apqStore
                  ? apqNotFound()
                  : plexusError(
                      'BAD_USER_INPUT',
                      `Unknown document id "${String(documentIdOf(params, request)).slice(0, 100)}": it is not in the trusted documents manifest`,
                      { httpStatus: 400 },
                    ),
            },
          }),
        );
      }
      if (apqStore) addPlugin(useAPQ({ store: apqStore }));
    },
  };
}

function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const fromBody = (params as { [DOCUMENT_ID_PARAM]?: unknown })[DOCUMENT_ID_PARAM];
  if (typeof fromBody === 'string') return fromBody;
  // yoga's GET parser keeps only the standard parameters.
  if (request.method === 'GET') {
    const fromUrl = new URL(request.url).searchParams.get(DOCUMENT_ID_PARAM);
    if (fromUrl) return fromUrl;
  }
  return defaultExtractPersistedOperationId(params, request, {});
}

/**
 * Ids are the manifest's keys. GraphQL Code Generator writes them as `sha256:<hash>`, and APQ
 * clients send the bare hash: either form finds the document.
 */
function lookUp(manifest: ReadonlyMap<string, string>, id: string): string | undefined {
  const bare = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return manifest.get(id) ?? manifest.get(bare) ?? manifest.get(`sha256:${bare}`);
}

/** The APQ protocol's answer to an unknown hash: the client then sends the document with its hash. */
function apqNotFound() {
  return createGraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } } });
}

/** A document registered through APQ, or null; stays synchronous with a synchronous store. */
function registered(store: APQStore | undefined, id: string): string | null | Promise<string | null> {
  const found = store?.get(id);
  return found instanceof Promise ? found.then((document) => document ?? null) : (found ?? null);
}
