#!/usr/bin/env node
// The `plexus` command of a build (`npm run build`, then `node dist/main.js start`): plain Node, no
// TypeScript loader, for production.
import { main } from './cli.js';

await main(process.argv);
