import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from '../../src/logger.js';
import { builtinKinds } from '../../src/sources/kinds.js';
import { jsonPointer } from '../../src/sources/openapi/names.js';
import type { LoadedSource, SourceKind } from '../../src/sources/types.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { callArguments } from './openapi-arguments.js';
import { batchedExpectation } from './openapi-batching.js';
import { operationName, startOpenapiMock, type MockOperation, type OpenapiMock } from './openapi-mock.js';
import { classify, type Outcome } from './openapi-outcome.js';
import { printSelection, selectionOf } from './openapi-selection.js';
import { CALL_HEADER, sourceYaml } from './openapi-source.js';

export interface LiveOptions {
  /** The source's name (its folder). Default `api`. */
  name?: string;
  /** Only the GET operations with these operationIds (or, without one, the names made from method and path). */
  only?: readonly string[];
  /** Try at most this many GET operations, in document order. */
  limit?: number;
  /** Levels of fields selected below each root field. Default 3. */
  depth?: number;
  /** Seed of the generated arguments and answers. Default `plexus`. */
  seed?: string;
  /** GraphQL requests in flight at once. Default 4. */
  concurrency?: number;
  /** The gateway's logger, to see what it logs about a failure. Default: silent. */
  logger?: Logger;
}

export interface OperationResult {
  /** The operationId, or the name made from method and path. */
  operation: string;
  path: string;
  /** The root field ('' when the gateway offers none). */
  field: string;
  outcome: Outcome;
  /** The GraphQL request sent, to reproduce a failure. */
  query?: string;
  variables?: Record<string, unknown>;
}

export interface DocumentReport {
  document: string;
  /** Why no operation could be tried: the gateway refused the document, or the mock could not read it. */
  loadError?: string;
  operations: OperationResult[];
}

/**
 * Puts an OpenAPI document behind a validating mock and a real gateway (both on port 0) and calls
 * each of its GET operations through the gateway, with arguments valid for the document and every
 * leaf field selected to `depth` levels, then compares what the gateway answered with what the mock
 * sent. Everything started is closed before it returns.
 */
export async function runOpenapiLive(documentPath: string, options: LiveOptions = {}): Promise<DocumentReport> {
  const report: DocumentReport = { document: documentPath, operations: [] };
  const opened: { mock?: OpenapiMock; project?: TempProject; gateway?: TestGateway } = {};
  try {
    const mock = (opened.mock = await startOpenapiMock(documentPath, options.seed));
    const operations = selectOperations(mock.operations, options);
    if (operations.length === 0) return report;
    const name = options.name ?? 'api';
    const project = (opened.project = await tempProject({ [`sources/${name}/source.yaml`]: sourceYaml(mock, basename(documentPath)) }));
    await copyFile(documentPath, join(project.sourcesDir, name, basename(documentPath)));
    const loaded: LoadedSource[] = [];
    const gateway = (opened.gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      schemasDir: project.schemasDir,
      cwd: project.dir,
      ...(options.logger && { logger: options.logger }),
      kinds: { ...builtinKinds, openapi: capturing(builtinKinds['openapi']!, loaded) },
      // Depth-3 selections of large types are far past the limits a public gateway sets.
      config: { limits: { maxCost: 1e9, maxTokens: 1e7, maxAliases: 1e5, maxDirectives: 1e5, maxBodySize: '64mb' } },
    }));
    const source = loaded[0]!;
    const limit = pLimit(options.concurrency ?? 4);
    report.operations = await Promise.all(
      operations.map((operation, index) => limit(() => callOperation(gateway, mock, source, operation, `live-${index}`, options))),
    );
  } catch (error) {
    report.loadError = error instanceof Error ? error.message : String(error);
  } finally {
    await opened.gateway?.close();
    await opened.mock?.close();
    await opened.project?.remove();
  }
  return report;
}

function selectOperations(operations: MockOperation[], options: LiveOptions): MockOperation[] {
  const gets = operations.filter((operation) => operation.method === 'get');
  const chosen = options.only ? gets.filter((operation) => options.only!.includes(operationName(operation))) : gets;
  return chosen.slice(0, options.limit ?? chosen.length);
}

/** The built-in kind, remembering each source it loads so that its operation names can be read. */
function capturing(kind: SourceKind, loaded: LoadedSource[]): SourceKind {
  return {
    ...kind,
    async load(context) {
      const source = await kind.load(context);
      loaded.push(source);
      return source;
    },
  };
}

async function callOperation(
  gateway: TestGateway,
  mock: OpenapiMock,
  source: LoadedSource,
  operation: MockOperation,
  callId: string,
  options: LiveOptions,
): Promise<OperationResult> {
  const name = operationName(operation);
  const base = { operation: name, path: operation.path };
  const offered = source.operations.find((candidate) => candidate.name === name && candidate.rootType === 'Query');
  // The source's own schema: its enum values hold the service's text, which the composed schema's do not.
  const field = offered && source.schema.getQueryType()?.getFields()[offered.field];
  if (!field) {
    const pointer = `${jsonPointer(['paths', operation.path, 'get'])}: `;
    const skipped = source.warnings.find((warning) => warning.message.startsWith(pointer))?.message.slice(pointer.length);
    return { ...base, field: '', outcome: { kind: 'not-offered', reason: skipped ?? 'no Query field for the operation' } };
  }
  const args = callArguments(field, operation, `${options.seed ?? 'plexus'}:${name}`);
  if (args.problems.length > 0) return { ...base, field: field.name, outcome: { kind: 'no-arguments', problems: args.problems } };
  const selection = selectionOf(field.type, options.depth ?? 3)!;
  const query = `query Live${args.definitions ? `(${args.definitions})` : ''} { ${field.name}${args.uses ? `(${args.uses})` : ''} ${printSelection(selection)} }`;
  const answer = await gateway.query(query, args.variables, { [CALL_HEADER]: callId });
  const calls = mock.requests.filter((request) => request.headers[CALL_HEADER] === callId);
  const pick = calls.length === 1 ? batchedExpectation(source, mock.operations, field, args.variables, calls[0]!) : undefined;
  const outcome = classify({ field, selection, answer, calls, pick });
  return { ...base, field: field.name, outcome, query, variables: args.variables };
}
