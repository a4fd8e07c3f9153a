import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runGrpcLive, summarize, type RpcResult } from './grpc-harness.js';
import type { MapStyle } from './grpc-messages.js';

// Every googleapis service of google-proto-files through the live harness, one source per file:
//   node bin/run-ts.js test/live/grpc-corpus.ts [--match pubsub] [--maps json] [--depth 3]
// Not part of `npm test` (it takes minutes); test/live/grpc-live.test.ts runs a handful.

const require = createRequire(import.meta.url);
const GOOGLE_PROTOS = dirname(require.resolve('google-proto-files/package.json'));

/** The .proto files under google/ that declare a service, sorted. */
function serviceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.proto') && /^service\s+\w+/m.test(readFileSync(path, 'utf8'))) found.push(relative(GOOGLE_PROTOS, path));
    }
  };
  walk(dir);
  return found.sort();
}

const { values } = parseArgs({ options: { match: { type: 'string' }, maps: { type: 'string', default: 'entries' }, depth: { type: 'string', default: '3' } } });
const files = serviceFiles(join(GOOGLE_PROTOS, 'google')).filter((file) => !values.match || file.includes(values.match));
const all: RpcResult[] = [];
let composed = 0;
for (const [index, file] of files.entries()) {
  const results = await runGrpcLive([{ name: 'api', files: [file], includeDirs: [GOOGLE_PROTOS] }], {
    maps: values.maps as MapStyle,
    depth: Number(values.depth),
  });
  const summary = summarize(results);
  if (!results.some((result) => result.detail?.startsWith('the gateway did not start'))) composed++;
  all.push(...results);
  console.log(
    `[${index + 1}/${files.length}] ${file}: ${summary.ok}/${summary.tested} ok${summary.skippedStreams ? `, ${summary.skippedStreams} client streams` : ''}`,
  );
  for (const result of results.filter((item) => item.cause && (item.kind === 'unary' || item.kind === 'server-streaming')))
    console.log(`  ${result.rpc} (${result.kind}): ${result.cause}: ${result.detail}`);
}
const summary = summarize(all);
const services = new Set(all.map((result) => result.rpc.slice(0, result.rpc.indexOf('/')))).size;
console.log(
  `\n${files.length} service files (${services} services), ${composed} composed; ${summary.ok} of ${summary.tested} unary and server-streaming RPCs ok; ${summary.skippedStreams} client or bidirectional streams not mapped`,
);
for (const kind of ['unary', 'server-streaming'] as const) {
  const ofKind = summarize(all.filter((result) => result.kind === kind));
  console.log(`  ${kind}: ${ofKind.ok} of ${ofKind.tested} ok`);
}
for (const [cause, count] of Object.entries(summary.byCause)) console.log(`  ${cause}: ${count}`);
