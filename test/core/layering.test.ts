import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layering } from '../../eslint.layering.js';

// Lints virtual files against the layering rules only (no type information, so it stays quick),
// so that a change to eslint.layering.js cannot make them stop applying without a failure here.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layering],
});

async function restrictedImports(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layering rules', () => {
  it.each([
    ['src/sources/x.ts', "import '../server/gateway.js';"],
    ['src/sources/openapi/names.ts', "import { plexusTypes } from '../../compose/directives.js';"],
    ['src/plugins/useReadiness.ts', "import type { Readiness } from '../server/readiness.js';"],
    ['src/sources/grpc/x.ts', "import { load } from '../openapi/index.js';"],
    ['src/sources/federation/x.ts', "import { loadSchema } from '../graphql/load-schema.js';"],
    ['src/config/x.ts', "export { kinds } from '../sources/kinds.js';"],
    ['src/errors.ts', "import '../demo/services.js';"],
  ])('rejects %s importing %s', async (path, text) => {
    const messages = await restrictedImports(path, text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^no-restricted-imports: /);
  });

  it.each([
    ['src/sources/federation/x.ts', "import { graphqlProbe } from '../graphql/probe.js';"],
    ['src/sources/openapi/x.ts', "import { PLEXUS_TYPE_NAMES } from '../../reserved-names.js';"],
    ['src/server/x.ts', "import { useReadiness } from '../plugins/useReadiness.js';"],
    ['src/cli/start.ts', "import { serve } from '../server/serve.js';"],
  ])('allows %s importing %s', async (path, text) => {
    expect(await restrictedImports(path, text)).toEqual([]);
  });
});
