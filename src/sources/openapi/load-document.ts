import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import swagger2openapi from 'swagger2openapi';
import { describeFsError, parseYaml } from '../../config/yaml-file.js';
import { kindMismatch } from '../schema-file-kind.js';
import { SourceLoadError } from '../types.js';
import { isRecord, type OpenApiDocument } from './document.js';
import { referenceProblems } from './reference-problems.js';
import { SchemaIndex, labelFileSchemas } from './schema-index.js';

export interface LoadedDocument {
  document: OpenApiDocument;
  /** Where component and `$ref` names of the schemas are remembered. */
  index: SchemaIndex;
  /** The document as users see it, for messages. */
  displayFile: string;
}

/** A `$ref` whose value does not start with `#`: the document refers to another file (or a URL). */
const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?(?!#)/;

/** Names tried, in order, when `source.yaml` has no `schema` key. */
export const DEFAULT_DOCUMENT_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json', 'swagger.yaml', 'swagger.yml', 'swagger.json'];

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON) and resolves every `$ref`, inside
 * the document and to other files of the source folder. Swagger 2.0 is converted to OpenAPI 3.0
 * first. Circular schemas stay circular (as object cycles). Never reads anything outside `dir` and
 * never goes to the network: composing a source must work offline.
 */
export async function loadDocument(dir: string, displayDir: string, fileName: string): Promise<LoadedDocument> {
  const path = resolve(dir, fileName);
  const displayFile = join(displayDir, fileName);
  const fail = (message: string): never => {
    throw new SourceLoadError([{ file: displayFile, message }]);
  };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(`cannot read OpenAPI document (${describeFsError(error)})`);
  }
  // A .proto file or GraphQL SDL under `kind: openapi` says so, not what the YAML parser makes of it.
  const otherKind = () => kindMismatch(text, 'openapi', displayFile);
  let raw: unknown;
  try {
    raw = parseText(text, displayFile);
  } catch (error) {
    const mismatch = otherKind();
    throw mismatch ? new SourceLoadError([mismatch]) : error;
  }
  if (!isRecord(raw)) return fail(otherKind()?.message ?? 'not an OpenAPI document (expected a mapping at the top level)');
  const problem = normaliseVersion(raw);
  if (problem) return fail(raw['openapi'] === undefined ? (otherKind()?.message ?? problem) : problem);

  const index = new SchemaIndex();
  const options = parserOptions(dir, index);
  let document: unknown;
  try {
    if (raw['swagger'] !== undefined) {
      // Conversion needs the internal `#/definitions/...` references intact, so external files are
      // bundled in first (when there are any) and everything is dereferenced after.
      let swagger: object = raw;
      if (EXTERNAL_REF.test(text)) {
        const bundler = new SwaggerParser();
        swagger = await bundler.bundle(path, raw as never, options);
        labelFileSchemas(bundler.$refs.values() as Record<string, unknown>, path);
      }
      // Given the text, the converter does not re-serialise the document to locate its messages.
      const converted = await swagger2openapi.convertObj(swagger, { patch: true, warnOnly: true, direct: true, text });
      document = await dereference(path, converted, options, index);
    } else {
      document = await dereference(path, raw, options, index);
    }
  } catch (error) {
    throw new SourceLoadError(referenceProblems(error, { dir, displayDir, documentPath: path, displayFile }));
  }
  if (!isRecord(document)) return fail('not an OpenAPI document');
  const openapi = document as OpenApiDocument;
  index.addComponents(openapi.components?.schemas);
  return { document: openapi, index, displayFile };
}

async function dereference(path: string, api: unknown, options: object, index: SchemaIndex): Promise<unknown> {
  const parser = new SwaggerParser();
  const document = await parser.dereference(path, api as never, options);
  index.settleReferences((ref) => (ref.startsWith('#') ? parser.$refs.get(ref) : undefined));
  return document;
}

function parserOptions(dir: string, index: SchemaIndex): object {
  const root = resolve(dir);
  return {
    resolve: {
      external: true,
      http: false,
      file: { canRead: (file: { url: string }) => isInside(root, filePath(file.url)) },
    },
    dereference: {
      circular: true,
      onDereference: (ref: string, value: unknown) => index.noteReference(ref, value),
    },
    validate: { schema: false, spec: false },
    // Every unresolvable `$ref` at once, each with the path to it, so each is reported at its line.
    continueOnError: true,
  };
}

function filePath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function parseText(text: string, displayFile: string): unknown {
  // JSON.parse is many times faster than a YAML parser on multi-megabyte documents.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: the YAML parser locates the mistake with a line number.
    }
  }
  const parsed = parseYaml(text, displayFile);
  if (!parsed.ok) throw new SourceLoadError(parsed.problems);
  return parsed.value.value;
}

const SUPPORTED_30 = ['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4'];
const SUPPORTED_31 = ['3.1.0', '3.1.1', '3.1.2'];

/**
 * Repairs the version slips that published documents often have (a number instead of a string,
 * a patch release the parser does not list yet) so that they load; returns a message for a
 * document that is not OpenAPI at all.
 */
function normaliseVersion(document: Record<string, unknown>): string | undefined {
  const info = document['info'];
  if (isRecord(info) && typeof info['version'] === 'number') info['version'] = String(info['version']);
  if (document['paths'] === undefined) document['paths'] = {};
  const swagger = document['swagger'];
  if (swagger !== undefined) {
    if (String(swagger) !== '2.0' && String(swagger) !== '2') return `unsupported Swagger version "${String(swagger)}" (expected 2.0)`;
    document['swagger'] = '2.0';
    return undefined;
  }
  const openapi = String(document['openapi'] ?? '');
  if (/^3\.0(\.|$)/.test(openapi)) {
    if (!SUPPORTED_30.includes(openapi)) document['openapi'] = '3.0.3';
    return undefined;
  }
  if (/^3\.[1-9]/.test(openapi)) {
    if (!SUPPORTED_31.includes(openapi)) document['openapi'] = '3.1.0';
    return undefined;
  }
  return document['openapi'] === undefined
    ? 'not an OpenAPI document: neither "openapi" nor "swagger" is set'
    : `unsupported OpenAPI version "${openapi}" (expected 3.0, 3.1 or Swagger 2.0)`;
}
