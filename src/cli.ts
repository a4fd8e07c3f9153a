import { Command, Option } from 'commander';
import { reportFailure } from './cli/report.js';
import { parseWorkerCount } from './cli/worker-count.js';
import { packageInfo } from './cli/package-info.js';

const CONFIG_OPTION = '--config <file>';
const CONFIG_HELP = 'gateway configuration file (default: gateway.yaml when present)';

/** Runs a command: its exit code, or 1 with the reason (and no stack trace) when it throws. */
async function attempt(name: string, run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    reportFailure(name, error);
    process.exitCode = 1;
  }
}

function withPaths(command: Command): Command {
  return command
    .option('--sources <dir>', 'folder of source folders', 'sources')
    .option('--schemas <dir>', 'folder of links, policies and the composed gateway.graphql', 'schemas');
}

/**
 * The `plexus` command line. Exits 1 on any failure, with the reason and no stack trace.
 * Each command loads its modules when it runs, so that `--help` and the primary of
 * `start --workers`, which serves nothing itself, do not load the whole gateway.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('plexus')
    .description('GraphQL gateway over REST (OpenAPI), gRPC and GraphQL sources')
    .version(packageInfo().version, '-V, --version', 'print the version of plexus')
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 1));

  withPaths(program.command('start').description('serve the gateway'))
    .option('--port <n>', 'port to listen on (default: gateway.yaml, PORT, 4000)')
    .addOption(new Option(CONFIG_OPTION, CONFIG_HELP))
    .option('--watch', 'reload the schema when a file under the sources or schemas folder changes')
    .option('--workers <n>', 'worker processes sharing the port: a number, or "auto" for one per core (default: 1, no workers)', parseWorkerCount)
    .action(async (options) => {
      try {
        const { startCommand } = await import('./cli/start.js');
        await startCommand(options);
      } catch (error) {
        reportFailure('start', error);
        process.exit(1);
      }
    });

  withPaths(program.command('compose').description('write <schemas>/gateway.graphql from the sources and links'))
    .option('--check', 'exit 1 when the committed gateway.graphql is stale, write nothing')
    .action((options) => attempt('compose', async () => (await import('./cli/compose.js')).composeCommand(options)));

  withPaths(program.command('check').description('validate gateway.yaml, the environment, every source and link; print problems with file:line'))
    .addOption(new Option(CONFIG_OPTION, CONFIG_HELP))
    .action((options) => attempt('check', async () => (await import('./cli/check.js')).checkCommand(options)));

  withPaths(
    program.command('plan').description('print the query plan of an operation against the composed schema: fetches, sources, levels, dependencies, key paths'),
  )
    .argument('<file>', 'GraphQL document (.graphql) holding the operation')
    .option('--operation <name>', 'the operation to plan, when the document holds several')
    .option(
      '--variables <json>',
      'variable values as a JSON object (default: none); @skip and @include on variables are decided with these values, as the gateway plans each set of them',
    )
    .option('--json', 'print the plan as JSON (the same description as extensions.plan)')
    .action((file: string, options) => attempt('plan', async () => (await import('./cli/plan.js')).planCommand(file, options)));

  program
    .command('config')
    .description('print the gateway configuration start would use: each key, its value and where it came from; secrets redacted')
    .option(CONFIG_OPTION, CONFIG_HELP)
    .option('--port <n>', 'as for start: shown as coming from the flag')
    .option('--json', 'print { key: { value, origin } } as JSON')
    .action((options) => attempt('config', async () => (await import('./cli/config.js')).configCommand(options)));

  program
    .command('init')
    .description('scaffold a gateway project of your own that depends on plexus')
    .argument('[dir]', 'project folder, created when missing', '.')
    .action((dir: string) =>
      attempt('init', async () => {
        const { initCommand, nextSteps } = await import('./cli/init.js');
        const written = await initCommand({ dir });
        process.stdout.write(`wrote ${written.length} files in ${dir}:\n${written.map((name) => `  ${name}`).join('\n')}\nnext:\n${nextSteps(dir)}\n`);
        return 0;
      }),
    );

  await program.parseAsync(argv);
}
