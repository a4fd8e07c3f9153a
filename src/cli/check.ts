import { buildOffline } from '../compose/build.js';
import { printProblems } from './report.js';
import { resolvePaths, type PathOptions } from './paths.js';

/** `plexus check`: validates every source and link; prints what was skipped and the links that put data at risk. Returns the exit code. */
export async function checkCommand(options: PathOptions, cwd = process.cwd(), write = (line: string) => process.stdout.write(`${line}\n`)): Promise<number> {
  const built = await buildOffline({ ...resolvePaths(options, cwd), cwd, env: process.env });
  printProblems('skipped while mapping sources', built.sourceWarnings, write);
  printProblems('source notes', built.sourceNotes, write);
  printProblems('link warnings', built.linkWarnings, write);
  const names = built.sources.map((entry) => `${entry.name} (${entry.loaded.kind})`).join(', ');
  write(`ok: ${built.sources.length} source${built.sources.length === 1 ? '' : 's'}: ${names}`);
  return 0;
}
