/**
 * `custodian`: the command line. Each command validates its options and prints a clear message
 * on bad input (exit code 2) or failure (exit code 1), never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../kit/config.ts';
import { migrateToLatest } from '../kit/db/migrate.ts';
import { CliError } from './cli/cli-error.ts';
import { registerManifestCommands } from './cli/manifest.cli.ts';
import { registerVaultCommands } from './cli/vault.cli.ts';
import { registerSeedCommands } from './cli/seed.cli.ts';
import { registerOrderCommands } from './cli/orders.cli.ts';
import { registerRetentionCommands } from './cli/retention.cli.ts';

export function buildCli(): Command {
  const program = new Command('custodian')
    .description(
      'The privacy system of an online store: every promise of its privacy policy, as running code.',
    )
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description(
      'start the store and its privacy system (PORT, DATA_DIR, DATABASE_URL configure it)',
    )
    .action(async () => {
      // Imported here, not at the top: the whole service graph takes seconds to load, and
      // commands like `manifest lint` should not pay for it.
      const { runUntilSignalled } = await import('./main.ts');
      await runUntilSignalled(loadConfig());
    });

  program
    .command('migrate')
    .description('apply every pending database migration and exit')
    .action(async () => {
      const { openConfiguredDatabase } = await import('./main.ts');
      const database = await openConfiguredDatabase(loadConfig());
      try {
        const result = await migrateToLatest(database);
        const names = (result.results ?? []).map((r) => `${r.migrationName}: ${r.status}`);
        console.log(names.length ? names.join('\n') : 'The database is up to date.');
      } finally {
        await database.close();
      }
    });

  registerVaultCommands(program);
  registerSeedCommands(program);
  registerManifestCommands(program);
  registerOrderCommands(program);
  registerRetentionCommands(program);

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError || err instanceof ConfigError) {
      console.error(err.message);
      return err instanceof CliError ? err.exitCode : 2;
    }
    console.error(`custodian: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// Run when executed (bin/custodian.js imports this module), not when a test imports it.
if (process.argv[1]?.endsWith('custodian.js') || process.argv[1]?.endsWith('cli.ts')) {
  const code = await runCli(process.argv.slice(2));
  // `serve` keeps running; every other command ends here.
  if (process.argv[2] !== 'serve' || code !== 0) process.exitCode = code;
}
