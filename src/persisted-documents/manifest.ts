import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { GraphQLError, parse } from 'graphql';
import { ConfigurationError, type Problem } from '../config/problems.js';
import type { GatewayConfig } from '../config/gateway-config.js';

/**
 * Reads a trusted documents manifest: a JSON object of document id to document text, as GraphQL
 * Code Generator's client preset writes it (`persisted-documents.json`). Every document must
 * parse; a problem names the file and the id. Throws ConfigurationError.
 */
export async function loadManifest(path: string, cwd: string): Promise<ReadonlyMap<string, string>> {
  const absolute = resolve(cwd, path);
  const file = relative(cwd, absolute) || path;
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigurationError([
      { file, message: `cannot read the trusted documents manifest (persistedDocuments.trusted.manifest): ${(error as Error).message}` },
    ]);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError([{ file, message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new ConfigurationError([{ file, message: 'expected a JSON object of document id to document text' }]);
  }
  const problems: Problem[] = [];
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') {
      problems.push({ file, message: `document "${id}": expected the document text as a string` });
      continue;
    }
    try {
      parse(document);
      documents.set(id, document);
    } catch (error) {
      problems.push({ file, message: `document "${id}": ${error instanceof GraphQLError ? error.message : String(error)}` });
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return documents;
}

/** The trusted documents `persistedDocuments.trusted.manifest` names, read afresh; undefined without one. Throws ConfigurationError. */
export async function trustedDocuments(config: GatewayConfig, cwd: string): Promise<ReadonlyMap<string, string> | undefined> {
  const path = config.persistedDocuments.trusted.manifest;
  return path === undefined ? undefined : loadManifest(path, cwd);
}
