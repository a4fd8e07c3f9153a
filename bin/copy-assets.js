#!/usr/bin/env node
// Part of `npm run build`: the files a build needs next to its JavaScript (the protos Plexus ships).
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';

const outDir = resolve(process.argv[2] ?? 'dist');
cpSync(resolve('src/sources/grpc/protos'), resolve(outDir, 'sources/grpc/protos'), { recursive: true });
