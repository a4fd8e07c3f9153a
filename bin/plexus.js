#!/usr/bin/env node
// The `plexus` command. In a clone (src/ next to this folder) tsx compiles the TypeScript sources on
// load, so that the clone runs without a build; an installed package has no src/ and runs its
// built dist/ with plain Node.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli.js'));
}
await main(process.argv);
