import { buildOffline, type BuiltSchema } from '../compose/build.js';
import { resolveGatewayConfig } from '../config/load-gateway-config.js';
import { ConfigurationError, type Problem } from '../config/problems.js';
import { printProblems } from './report.js';
import { loadResolvers, noResolvers } from '../computed/resolver-modules.js';
import { resolvePaths, type PathOptions } from './paths.js';
import { gatewayConfigOptions, type GatewayFileOptions } from './gateway-options.js';

export interface CheckOptions extends PathOptions, GatewayFileOptions {}

/**
 * `plexus check`: validates `gateway.yaml` with the environment, as `plexus start` reads them, and
 * every source and link; prints what was skipped and the links that put data at risk. Every
 * problem of all of them is reported at once. Returns the exit code.
 */
export async function checkCommand(options: CheckOptions, cwd = process.cwd(), write = (line: string) => process.stdout.write(`${line}\n`)): Promise<number> {
  const problems: Problem[] = [];
  const resolved = await resolveGatewayConfig(gatewayConfigOptions(options, cwd)).catch((error: unknown) => collect(error, problems));
  // The modules of resolvers: are imported, so that a name no module exports is reported here too.
  const resolvers = !resolved
    ? undefined
    : resolved.config.resolvers.length > 0
      ? await loadResolvers(resolved.config.resolvers, cwd).catch((error: unknown) => collect(error, problems))
      : noResolvers;
  let built: BuiltSchema | undefined;
  try {
    built = await buildOffline({ ...resolvePaths(options, cwd), cwd, env: process.env, ...(resolvers && { resolvers }) });
  } catch (error) {
    collect(error, problems);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  built = built!;
  printProblems('skipped while mapping sources', built.sourceWarnings, write);
  printProblems('source notes', built.sourceNotes, write);
  printProblems('link warnings', built.linkWarnings, write);
  for (const entry of built.sources) if (entry.transformSummary !== undefined) write(`transforms of ${entry.name}: ${entry.transformSummary}`);
  const names = built.sources.map((entry) => `${entry.name} (${entry.loaded.kind})`).join(', ');
  write(`ok: ${built.sources.length} source${built.sources.length === 1 ? '' : 's'}: ${names}`);
  return 0;
}

function collect(error: unknown, problems: Problem[]): undefined {
  if (!(error instanceof ConfigurationError)) throw error;
  problems.push(...error.problems);
}
