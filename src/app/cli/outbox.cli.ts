/**
 * `custodian outbox list | show <id> | purge`: reads the mail kept instead of sent when no
 * SMTP_URL is set (src/notify), so a store without a mail server can still follow its
 * verification, newsletter and request links. Messages stay sealed at rest; this opens them
 * through the vault, and an erased customer's message stays unreadable. Expired mail (7 days)
 * is purged before every read, and by `purge` from cron.
 */
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig, type Config } from '../../kit/config.ts';
import type { OutboxService } from '../../notify/outbox.service.ts';

async function withOutbox<T>(run: (outbox: OutboxService) => Promise<T>): Promise<T> {
  const config: Config = loadConfig();
  // Imported here: the database drivers would cost `custodian --help` most of a second.
  const { databaseInUse } = await import('../../kit/vault/backup.ts');
  if (!config.databaseUrl && databaseInUse(config)) {
    throw new CliError(
      'The embedded database is in use by the running store: stop it first, or read the mail ' +
        'in the browser at /dev/outbox (start it with NODE_ENV=development).',
    );
  }
  const { openConfiguredDatabase } = await import('../main.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const { createConfiguredVault } = await import('../../kit/vault/vault.service.ts');
  const { OutboxService } = await import('../../notify/outbox.service.ts');
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    const vault = await createConfiguredVault(config, createLogger('silent'), database);
    return await run(new OutboxService(database.db, vault));
  } finally {
    await database.close();
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerOutboxCommands(program: Command): void {
  const outbox = program
    .command('outbox')
    .description('read the mail kept (sealed) instead of sent when SMTP_URL is not set');

  outbox
    .command('list')
    .description('the kept messages, newest first: id, time, template, recipient, subject')
    .option('--limit <n>', 'how many (1-500)', '50')
    .action(async (opts: { limit: string }) => {
      const limit = Number(opts.limit);
      if (!/^\d+$/.test(opts.limit) || limit < 1 || limit > 500) {
        throw new CliError('--limit must be a whole number from 1 to 500.', 2);
      }
      const lines = await withOutbox(async (o) => {
        const out: string[] = [];
        for (const entry of await o.list(limit)) {
          const opened = await o.open(entry.id);
          const about = opened?.message
            ? `${opened.message.to}  ${opened.message.subject}`
            : '(the customer was erased: unreadable)';
          out.push(`${entry.id}  ${entry.createdAt.toISOString()}  ${entry.template}  ${about}`);
        }
        return out;
      });
      console.log(lines.length ? lines.join('\n') : 'The outbox is empty.');
    });

  outbox
    .command('show')
    .description('print one message with its links')
    .argument('<id>', 'the message id from `outbox list`')
    .action(async (id: string) => {
      if (!uuid.test(id)) throw new CliError('The message id is a UUID (see `outbox list`).', 2);
      const opened = await withOutbox((o) => o.open(id));
      if (!opened) throw new CliError(`No message ${id}: mail is kept for 7 days.`);
      if (!opened.message)
        throw new CliError(`Message ${id} is unreadable: its customer was erased.`);
      const m = opened.message;
      console.log(`To: ${m.to}\nSubject: ${m.subject}\nDate: ${opened.createdAt.toISOString()}`);
      console.log(`\n${m.text}`);
    });

  outbox
    .command('purge')
    .description('delete the messages past their 7 days (every read does it too)')
    .action(async () => {
      const purged = await withOutbox((o) => o.purgeExpired());
      console.log(`Purged ${purged} expired messages.`);
    });
}
