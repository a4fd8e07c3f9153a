import type { APQStore } from '@graphql-yoga/plugin-apq';
import type { FeaturePlugins } from '../feature.js';
import type { PersistedDocumentsConfig } from './config.js';
import { usePersistedDocuments } from './usePersistedDocuments.js';

interface PersistedDocumentsParts {
  config: { persistedDocuments: PersistedDocumentsConfig };
  /** Trusted documents by id, when the configuration names a manifest. */
  manifest?: ReadonlyMap<string, string>;
  /** APQ registrations shared through Redis; without it each yoga server keeps its own in memory. */
  apqStore?: APQStore;
}

/** Trusted documents and automatic persisted queries. */
export function persistedDocuments({ config, manifest, apqStore }: PersistedDocumentsParts): FeaturePlugins {
  return [usePersistedDocuments({ config: config.persistedDocuments, ...(manifest && { manifest }), ...(apqStore && { apqStore }) })];
}
