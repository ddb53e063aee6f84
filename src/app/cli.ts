/**
 * `custodian`: the command line. Each command validates its options and prints a clear message
 * on bad input (exit code 2) or failure (exit code 1), never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../kit/config.ts';
import { CliError } from './cli/cli-error.ts';
import { registerManifestCommands } from './cli/manifest.cli.ts';
import { registerVaultCommands } from './cli/vault.cli.ts';
import { registerSeedCommands } from './cli/seed.cli.ts';
import { registerOrderCommands } from './cli/orders.cli.ts';
import { registerStaffCommands } from './cli/staff.cli.ts';
import { registerAuditCommands } from './cli/audit.cli.ts';
import { registerOutboxCommands } from './cli/outbox.cli.ts';
import { registerRetentionCommands } from './cli/retention.cli.ts';
import { registerScanCommands } from './cli/scan.cli.ts';
import { registerConformanceCommands } from './cli/conformance.cli.ts';
import { registerCampaignCommands } from './cli/campaign.cli.ts';
import { registerBreachCommands } from './cli/breaches.cli.ts';
import { registerPolicyCommands } from './cli/policy.cli.ts';

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
    .option(
      '--demo',
      'offer the demo Google/Facebook sign-in (as DEMO_SIGN_IN=1; new accounts only; ignored in production)',
    )
    .action(async (options: { demo?: boolean }) => {
      // Imported here, not at the top: the whole service graph takes seconds to load, and
      // commands like `manifest lint` should not pay for it.
      const { runUntilSignalled } = await import('./main.ts');
      // `npm start` asks for the demo; a production start with the same script simply gets none.
      const demo = options.demo === true && process.env.NODE_ENV !== 'production';
      const env = demo ? { ...process.env, DEMO_SIGN_IN: '1' } : process.env;
      await runUntilSignalled(loadConfig(env));
    });

  program
    .command('migrate')
    .description('apply every pending database migration and exit')
    .action(async () => {
      const { openConfiguredDatabase } = await import('./main.ts');
      const { migrateToLatest } = await import('../kit/db/migrate.ts');
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
  registerStaffCommands(program);
  registerAuditCommands(program);
  registerOutboxCommands(program);
  registerRetentionCommands(program);
  registerScanCommands(program);
  registerConformanceCommands(program);
  registerCampaignCommands(program);
  registerBreachCommands(program);
  registerPolicyCommands(program);

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

/**
 * Runs the command line and sets the exit code. `bin/custodian.js` calls this itself: a module
 * cannot tell from `process.argv[1]` that it was executed, because npx and npm's bin links pass
 * a symlink there (`node_modules/.bin/custodian`), whose name is not the file's.
 */
export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv);
  // `serve` keeps running; every other command ends here.
  if (argv[0] !== 'serve' || code !== 0) process.exitCode = code;
}
