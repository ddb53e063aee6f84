/**
 * `custodian staff add|disable|list`: staff accounts from the command line, for the first owner
 * (later ones are added by an owner in the console). A password is never an argument (it would
 * show in `ps` and the shell history): `--password-stdin` reads it, otherwise a random one is
 * generated and printed once. The second factor is enrolled at the first sign-in.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import { DomainError } from '../../kit/errors.ts';
import { createLogger } from '../../kit/log.ts';
import type { Services } from '../services.ts';

const cli = { kind: 'system', id: 'cli' } as const;

async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const { openConfiguredDatabase } = await import('../main.ts');
  const { createServices } = await import('../services.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    return await run(await createServices(config, createLogger('silent'), database));
  } catch (err) {
    if (err instanceof DomainError)
      throw new CliError(err.message, err.code === 'validation_failed' ? 2 : 1);
    throw err;
  } finally {
    await database.close();
  }
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('staff accounts: add, disable, list');
  staff
    .command('add')
    .description('add a staff member (the first owner: --role owner)')
    .argument('<username>', 'a work username: letters a–z, digits, dots, dashes')
    .requiredOption(
      '--role <role...>',
      "one or more roles: owner, or the manifest's roles (customer_service, dpo, …)",
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (username: string, opts: { role: string[]; passwordStdin?: boolean }) => {
      const generated = opts.passwordStdin ? undefined : randomBytes(15).toString('base64url');
      const password = generated ?? (await readStdinLine());
      const member = await withServices((s) =>
        s.staff.accounts.add({ username, password, roles: opts.role }, cli),
      );
      console.log(`Added ${member.username} (${member.roles.join(', ')}), id ${member.id}.`);
      if (generated)
        console.log(
          `Initial password (shown once): ${generated}\nThe second factor is enrolled at the first sign-in at /staff/sign-in.`,
        );
    });
  staff
    .command('disable')
    .description('disable a staff member: their sessions end and their API tokens are revoked')
    .argument('<username>')
    .action(async (username: string) => {
      const member = await withServices(async (s) => {
        const found = await s.staff.accounts.findByUsername(username);
        if (!found) throw new CliError(`There is no staff member ${username}.`);
        return s.staff.accounts.disable(found.id, cli);
      });
      console.log(`Disabled ${member.username}.`);
    });
  staff
    .command('list')
    .description('list staff members, their roles and whether their second factor is enrolled')
    .action(async () => {
      const members = await withServices((s) => s.staff.accounts.list());
      if (members.length === 0)
        console.log(
          'No staff members yet: add the first owner with `custodian staff add <username> --role owner`.',
        );
      for (const m of members)
        console.log(
          [
            m.username,
            m.roles.join(','),
            m.mfaEnrolled ? 'mfa' : 'mfa-pending',
            m.disabledAt ? 'disabled' : 'active',
          ].join('\t'),
        );
    });
}
