import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { envBindings, gatewayConfigSchema } from '../../src/config/gateway-config.js';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { ConfigurationError, formatProblem, sortProblems } from '../../src/config/problems.js';
import { schemaKeys } from '../../src/config/schema-keys.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';

let project: TempProject;
beforeAll(async () => {
  project = await tempProject();
});
afterAll(() => project.remove());

/** The problems `gateway.yaml` with this text and these variables is refused with; none when it loads. */
async function problems(yaml: string, env: Record<string, string> = {}): Promise<string[]> {
  await project.write({ 'gateway.yaml': yaml });
  try {
    await loadGatewayConfig({ path: `${project.dir}/gateway.yaml`, displayPath: 'gateway.yaml', required: false, env });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.problems.map(formatProblem);
  }
}

function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

// Wrong for some key or other: every key refuses at least one of them.
const WRONG_VALUES: unknown[] = ['ten', -5, 1.5, { 'not a name!': { nested: 'ten' } }, [{ nested: 'ten' }], true];

describe('every gateway.yaml key', () => {
  it.each(schemaKeys(gatewayConfigSchema).map(({ path }) => [path.join('.'), path] as const))(
    '%s: a wrong value names the key and what was expected',
    async (key, path) => {
      let refused = 0;
      for (const value of WRONG_VALUES) {
        const found = await problems(stringify(nest(path, value)));
        if (found.length > 0) refused++;
        for (const message of found) {
          expect(message).not.toMatch(/invalid input/i);
          expect(message).toMatch(/^gateway\.yaml:\d+: /);
          // The key itself, or a key inside its value (`cache.types.not a name!`).
          expect(message).toContain(key);
          // None of zod's own wording either: "Invalid option", "Too big: expected number to be <=1".
          expect(message).not.toMatch(/Invalid (option|key|element)|Too (big|small)|to be [<>]=?/);
        }
      }
      expect(refused).toBeGreaterThan(0);
    },
  );
});

describe('every environment variable', () => {
  it.each(Object.entries(envBindings))('%s: a wrong value names the variable and the key', async (variable, path) => {
    for (const value of ['ten', '-5', 'maybe', '{}', '1.5']) {
      for (const message of await problems('{}\n', { [variable]: value })) {
        expect(message).not.toMatch(/invalid input/i);
        expect(message.startsWith(`environment variable ${variable}: `)).toBe(true);
        expect(message).toContain(path.join('.'));
      }
    }
  });
});

describe('sortProblems', () => {
  it('orders by file, folder by folder, then line and column; then variables, then flags', () => {
    const sorted = sortProblems([
      { file: '--port', from: 'flag', message: 'f' },
      { file: 'sources/b/source.yaml', line: 2, message: 'b2' },
      { file: 'environment variable PORT', from: 'environment', message: 'e' },
      { file: 'sources/a-b/source.yaml', line: 1, message: 'ab1' },
      { file: 'sources/a/source.yaml', line: 9, message: 'a9' },
      { file: 'sources/a/source.yaml', line: 3, column: 7, message: 'a3c7' },
      { file: 'sources/a/source.yaml', line: 3, column: 2, message: 'a3c2' },
      { file: 'gateway.yaml', line: 4, message: 'g4' },
      { file: 'schemas/links.graphql', line: 1, message: 's1' },
    ]);
    expect(sorted.map((problem) => problem.message)).toEqual(['g4', 's1', 'a3c2', 'a3c7', 'a9', 'ab1', 'b2', 'e', 'f']);
  });
});
