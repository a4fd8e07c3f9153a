import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { buildSchema, isScalarType, isSpecifiedScalarType } from 'graphql';
import { SHARED_SCALARS, SHARED_SCALAR_NAMES } from '../../src/scalars/index.js';
import { composeSdl } from '../../src/cli/compose.js';
import { demoProject } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';

describe('codegen.yml', () => {
  it('generates typed documents identical to the committed ones (run `npm run codegen` after changing the schema)', async () => {
    // Over the demo's own composition, not whatever schemas/gateway.graphql holds today.
    const project = await demoProject();
    const previous = process.cwd();
    process.chdir(ROOT);
    try {
      const schema = join(project.schemasDir, 'gateway.graphql');
      await writeFile(schema, await composeSdl({ sources: 'sources', schemas: 'schemas' }, project.dir));
      const { config } = await loadCodegenConfig({ configFilePath: join(ROOT, 'codegen.yml') });
      const outputs = (await generate({ ...config, schema, cwd: ROOT, silent: true }, false)) as { filename: string; content: string }[];
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) {
        const committed = await readFile(join(ROOT, output.filename), 'utf8').catch(() => '(missing)');
        expect(committed, output.filename).toBe(output.content);
      }
      const types = outputs.find((output) => output.filename.endsWith('graphql.ts'))!.content;
      expect(types).toContain('export const ProductWithStockDocument');
    } finally {
      process.chdir(previous);
      await project.remove();
    }
  }, 60_000);
});

describe("codegen.yml's scalars", () => {
  const codegenConfig = async () => (await loadCodegenConfig({ configFilePath: join(ROOT, 'codegen.yml') })).config;
  const scalarsOf = async () => {
    const target = Object.values((await codegenConfig()).generates)[0] as { config?: { scalars?: Record<string, unknown> } };
    return target.config?.scalars ?? {};
  };

  it('map every scalar of the schema they generate from (schemas/gateway.graphql) and every shared scalar to its wire type', async () => {
    const scalars = await scalarsOf();
    const schemaFile = (await codegenConfig()).schema;
    expect(schemaFile).toBe('schemas/gateway.graphql');
    const schema = buildSchema(await readFile(join(ROOT, schemaFile as string), 'utf8'), { assumeValidSDL: true });
    const custom = Object.values(schema.getTypeMap()).filter((type) => isScalarType(type) && !isSpecifiedScalarType(type));
    expect(custom.length).toBeGreaterThan(0);
    const names = new Set([...custom.map((type) => type.name), ...SHARED_SCALAR_NAMES]);
    expect([...names].filter((name) => !(name in scalars))).toEqual([]);
  });

  it('type 64-bit integers and date-times as the strings the gateway sends', async () => {
    const scalars = await scalarsOf();
    const sdl = `${SHARED_SCALARS.map((scalar) => `scalar ${scalar.name}`).join('\n')}
      type Query { order(id: Int64!): Order }
      type Order { total: Int64!, createdAt: DateTime, quantity: SafeInt!, payload: JSON }`;
    const outputs = (await generate(
      {
        schema: sdl,
        documents: 'query Order($id: Int64!) { order(id: $id) { total createdAt quantity payload } }',
        silent: true,
        generates: { 'out/': { preset: 'client', config: { scalars }, presetConfig: { fragmentMasking: false } } },
      },
      false,
    )) as { filename: string; content: string }[];
    const types = outputs.find((output) => output.filename.endsWith('graphql.ts'))!.content;
    // Without the mapping, codegen types a scalar it does not know as `unknown` (or `any`).
    expect(types).toContain('export type OrderQuery = { order: { total: string, createdAt: string | null, quantity: number, payload: unknown } | null };');
    expect(types).toMatch(/export type OrderQueryVariables = Exact<\{\s*id: string \| number;\s*\}>;/);
  }, 60_000);
});
