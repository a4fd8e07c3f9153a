import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
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
