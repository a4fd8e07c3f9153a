import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layering } from '../eslint.layering.js';

// Lints virtual files against the layering rules only (no type information, so it stays quick),
// so that a change to eslint.layering.js cannot make them stop applying without a failure here.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layering],
});

async function restrictedImports(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layering rules', () => {
  it.each([
    // Nothing below src/server/ imports src/server/.
    ['src/sources/x.ts', "import '../server/gateway.js';"],
    ['src/readiness/useReadiness.ts', "import type { Readiness } from '../server/readiness.js';"],
    ['src/transports/websocket/x.ts', "import { buildYoga } from '../../server/build-yoga.js';"],
    // Compose never imports the server or plugins.
    ['src/compose/x.ts', "import { buildYoga } from '../server/build-yoga.js';"],
    ['src/compose/x.ts', "import { useFieldAuthorization } from '../auth/useFieldAuthorization.js';"],
    // Sources never import feature plugins, composition or execution; each kind stands alone.
    ['src/sources/openapi/x.ts', "import { useAuth } from '../../auth/useAuth.js';"],
    ['src/sources/openapi/names.ts', "import { plexusTypes } from '../../compose/directives.js';"],
    ['src/sources/grpc/x.ts', "import { load } from '../openapi/index.js';"],
    ['src/sources/federation/x.ts', "import { loadSchema } from '../graphql/load-schema.js';"],
    // A folder never imports another folder's plugins: src/server/ lists them.
    ['src/cache/fast-path.ts', "import { useRequestLogging } from '../observability/useRequestLogging.js';"],
    // src/config/ imports no feature folder except its config file.
    ['src/config/x.ts', "export { kinds } from '../sources/kinds.js';"],
    ['src/config/x.ts', "import { createAuthenticator } from '../auth/authenticate.js';"],
    ['src/config/x.ts', "import { byteBudget } from '../upstream/byte-budget.js';"],
    // A feature's config file imports only src/config/ helpers and zod.
    ['src/auth/config.ts', "import type { Logger } from '../logger.js';"],
    ['src/limits/config.ts', "import { COST_OPTIONS } from './operation-cost.js';"],
    ['src/cache/config.ts', "import { LRUCache } from 'lru-cache';"],
    ['src/upstream/upstream-config.ts', "import { createByteBudget } from './byte-budget.js';"],
    // Nothing in src/ imports demo/, test/ or bench/.
    ['src/errors.ts', "import '../demo/services.js';"],
  ])('rejects %s importing %s', async (path, text) => {
    const messages = await restrictedImports(path, text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^no-restricted-imports: /);
  });

  it.each([
    ['src/sources/federation/x.ts', "import { graphqlProbe } from '../graphql/probe.js';"],
    ['src/sources/openapi/x.ts', "import { PLEXUS_TYPE_NAMES } from '../../reserved-names.js';"],
    ['src/server/x.ts', "import { useReadiness } from '../readiness/useReadiness.js';"],
    ['src/auth/feature.ts', "import { useAuth } from './useAuth.js';"],
    ['src/cli/start.ts', "import { serve } from '../server/serve.js';"],
    ['src/config/gateway-config.ts', "import { authConfigSchema } from '../auth/config.js';"],
    ['src/config/gateway-config.ts', "import { loggingConfigSchema } from '../observability/logging-config.js';"],
    ['src/auth/config.ts', "import { durationSchema } from '../config/schema-helpers.js';"],
    ['src/auth/config.ts', "import { z } from 'zod';"],
    ['src/cors/config.ts', "import { parseOriginPattern } from './origin-pattern.js';"],
    ['src/cli/config.ts', "import { gatewayOptions } from './gateway-options.js';"],
  ])('allows %s importing %s', async (path, text) => {
    expect(await restrictedImports(path, text)).toEqual([]);
  });
});
