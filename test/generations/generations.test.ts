import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { createLogger } from '../../src/logger.js';
import { ConfigurationError } from '../../src/config/problems.js';
import { createGenerations, type Generation } from '../../src/generations/generations.js';
import { createSchemaReload } from '../../src/generations/schema-reload.js';

const silent = createLogger({ level: 'silent' });

function generation(version: string, sdl = 'type Query { a: Int }'): Generation & { closed: number } {
  const schema = buildSchema(sdl);
  const made = {
    version,
    loadedAt: new Date(),
    schema,
    composed: schema,
    sources: [],
    warnings: [],
    closed: 0,
    async close() {
      made.closed++;
    },
  };
  return made;
}

describe('schema generations', () => {
  it('closes a replaced generation once its last request released it, and only once', async () => {
    const first = generation('one');
    const generations = createGenerations(first, silent);
    const a = generations.acquire();
    const b = generations.acquire();
    generations.swap(generation('two'));
    expect(generations.acquire().generation.version).toBe('two');
    expect(a.generation).toBe(first);
    a.release();
    a.release();
    expect(first.closed).toBe(0);
    b.release();
    expect(first.closed).toBe(1);
    await generations.close();
    expect(first.closed).toBe(1);
  });

  it('closes a replaced generation at once when no request runs on it', () => {
    const first = generation('one');
    const generations = createGenerations(first, silent);
    generations.acquire().release();
    generations.swap(generation('two'));
    expect(first.closed).toBe(1);
  });
});

describe('schema reload', () => {
  it('never runs two rebuilds at once: reloads asked for meanwhile share one rebuild after it', async () => {
    const generations = createGenerations(generation('v0'), silent);
    let loads = 0;
    let running = 0;
    let overlapped = false;
    const reload = createSchemaReload({
      generations,
      logger: silent,
      async load() {
        overlapped ||= running > 0;
        running++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return generation(`v${++loads}`, `type Query { a: Int, f${loads}: Int }`);
      },
    });
    const results = await Promise.all([reload(), reload(), reload(), reload()]);
    expect(loads).toBe(2);
    expect(overlapped).toBe(false);
    expect(results.map((result) => result.version)).toEqual(['v1', 'v2', 'v2', 'v2']);
    expect(results[1]).toMatchObject({
      ok: true,
      previousVersion: 'v1',
      changes: [
        { level: 'breaking', path: 'Query.f1' },
        { level: 'safe', path: 'Query.f2' },
      ],
    });
  });

  it('keeps the current generation when a rebuild fails, and says why', async () => {
    const current = generation('good');
    const generations = createGenerations(current, silent);
    const reload = createSchemaReload({
      generations,
      logger: silent,
      load: () => Promise.reject(new ConfigurationError([{ file: 'sources/a/schema.graphql', line: 2, message: 'syntax error' }])),
    });
    expect(await reload()).toEqual({ ok: false, version: 'good', problems: [{ file: 'sources/a/schema.graphql', line: 2, message: 'syntax error' }] });
    expect(generations.current()).toBe(current);
    expect(current.closed).toBe(0);
  });
});
