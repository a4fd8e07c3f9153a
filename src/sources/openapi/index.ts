import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createDefaultExecutor } from '@graphql-tools/delegate';
import type { Problem } from '../../config/problems.js';
import { upstreamError } from '../../errors.js';
import type { HttpClient } from '../../upstream/http-client.js';
import { sourceHttpClient } from '../source-http-client.js';
import { upstreamHeaders, type HeaderPolicy } from '../../upstream/headers.js';
import { SourceLoadError, type SourceKind } from '../types.js';
import { buildSourceSchema } from './build-schema.js';
import { checkedExecutor } from './checked-executor.js';
import { openapiSourceSchema } from './config.js';
import { DEFAULT_DOCUMENT_NAMES, loadDocument } from './load-document.js';
import { operationResolver } from './operation-resolver.js';
import { mapOperations } from './operations.js';
import { MappingContext } from './schema-mapping/context.js';
import { schemeRules } from './security.js';

export { openapiSourceSchema } from './config.js';

/**
 * A REST service described by an OpenAPI document in its folder. Every operation becomes a root
 * field whose resolver calls the service; building the schema reads files only.
 */
export const openapiSource = {
  kind: 'openapi',
  configSchema: openapiSourceSchema,
  async load(context) {
    const { config, name } = context;
    const configFile = join(context.displayDir, 'source.yaml');
    const fileName = config.schema ?? (await findDocument(context.dir, configFile));
    const { document, index, displayFile } = await loadDocument(context.dir, context.displayDir, fileName);

    const configWarnings: Problem[] = [];
    const warnConfig = (message: string) => configWarnings.push({ file: configFile, message });
    const mapping = new MappingContext(index, displayFile, document.components?.schemas);
    const plans = mapOperations(mapping, document, {
      overrides: config.operations,
      securityRules: schemeRules(document, config.security, warnConfig),
      warnConfig,
    });

    const client = sourceHttpClient(context);
    const runtime = { source: name, client, headers: config.headers, errors: { expose: config.exposeErrors, logger: context.logger } };
    const { schema, errors: invalid } = buildSourceSchema(plans, (plan) => operationResolver(plan, runtime));
    if (invalid.length > 0) {
      await client.close();
      throw new SourceLoadError(invalid.map((error) => ({ file: displayFile, message: `cannot be mapped to a valid GraphQL schema: ${error.message}` })));
    }
    return {
      name,
      kind: 'openapi',
      schema,
      executor: checkedExecutor(name, createDefaultExecutor(schema)),
      executorFor: (renamed) => checkedExecutor(name, createDefaultExecutor(renamed)),
      operations: plans.map((plan) => ({ name: plan.name, rootType: plan.rootType, field: plan.field, ...(plan.batch && { batch: plan.batch }) })),
      batch: false,
      local: true,
      warnings: [...configWarnings, ...mapping.warnings],
      probe: (signal) => probe(name, client, config.headers, signal),
      close: () => client.close(),
    };
  },
} satisfies SourceKind<typeof openapiSourceSchema>;

async function findDocument(dir: string, configFile: string): Promise<string> {
  for (const candidate of DEFAULT_DOCUMENT_NAMES) {
    if (
      await access(join(dir, candidate)).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new SourceLoadError([{ file: configFile, message: `no OpenAPI document: set "schema" or add one of ${DEFAULT_DOCUMENT_NAMES.join(', ')}` }]);
}

/** Ready when the service answers at all: any status below 500 (or 501, a server that does not do HEAD). */
async function probe(source: string, client: HttpClient, headers: HeaderPolicy, signal: AbortSignal): Promise<void> {
  const answer = await client.request({ method: 'HEAD', path: '/', headers: upstreamHeaders(headers, undefined), signal, probe: true });
  if (answer.status >= 500 && answer.status !== 501) throw upstreamError(source, `HTTP ${answer.status}`, { status: answer.status });
}
