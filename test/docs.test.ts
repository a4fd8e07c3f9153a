import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/gateway.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docs = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)];

describe('the documentation', () => {
  it('keeps the README the user page: the sections a user looks for, and no contributor material', () => {
    const headings = [...read('README.md').matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    for (const wanted of [
      'Quick start',
      'Your own gateway',
      'Concepts',
      'Adding a source',
      'Linking sources',
      'Configuration reference',
      'Deploying',
      'Commands',
    ]) {
      expect(headings).toContain(wanted);
    }
    for (const moved of ['Development', 'Architecture', 'Dependencies']) expect(headings).not.toContain(moved);
  });

  it('justifies every dependency of package.json in docs/architecture.md', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const table = read('docs/architecture.md').slice(read('docs/architecture.md').indexOf('## Dependencies'));
    // A row may name a family: `@graphql-tools/stitch`, `delegate`, ... or `@escape.tech/graphql-armor-*`.
    const named = new Set([...table.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''));
    const missing = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => {
      if (named.has(name)) return false;
      const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/') + 1) : '';
      const rest = name.slice(scope.length);
      return !named.has(rest) && ![...named].some((entry) => entry.endsWith('*') && name.startsWith(entry.slice(0, -1)));
    });
    expect(missing).toEqual([]);
  });

  it('links only to files that exist', () => {
    const broken: string[] = [];
    for (const doc of docs) {
      for (const match of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(doc), target))) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
