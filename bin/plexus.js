#!/usr/bin/env node
// The `plexus` command. Sources are TypeScript; tsx compiles them on load so that a clone runs without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
