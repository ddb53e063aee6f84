/**
 * `custodian campaign create | preview | send | status`: newsletter campaigns from the command
 * line (src/campaigns). `send` runs the same resumable send as the console's job, in the
 * foreground with a progress bar; run it again after an interruption and it carries on where it
 * stopped. SMS campaigns are refused: the store has no SMS channel for marketing.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig, type Config } from '../../kit/config.ts';
import type { Services } from '../services.ts';

const actor = { kind: 'system' as const, id: 'cli' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const langs = ['en', 'fi', 'sv'] as const;

async function withServices<T>(run: (s: Services) => Promise<T>): Promise<T> {
  const config: Config = loadConfig();
  // Imported here: the database drivers would cost `custodian --help` most of a second.
  const { databaseInUse } = await import('../../kit/vault/backup.ts');
  if (!config.databaseUrl && databaseInUse(config)) {
    throw new CliError(
      'The embedded database is in use by the running store: stop it first, or use the staff console at /staff/campaigns.',
    );
  }
  const { openConfiguredDatabase } = await import('../main.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const { createServices } = await import('../services.ts');
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    return await run(await createServices(config, createLogger('silent'), database));
  } finally {
    await database.close();
  }
}

/** `@file` reads the text from a file (a body of many lines); anything else is the text. */
function textOrFile(value: string | undefined): string | undefined {
  if (value === undefined || !value.startsWith('@')) return value;
  try {
    return readFileSync(value.slice(1), 'utf8');
  } catch {
    throw new CliError(`${value.slice(1)}: the file cannot be read.`, 2);
  }
}

function campaignId(id: string): string {
  if (!uuid.test(id)) throw new CliError('The campaign id must be a UUID.', 2);
  return id;
}

/** Domain errors (missing texts, an unknown campaign, SMS) become one clear line, exit 1. */
async function friendly<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const { DomainError } = await import('../../kit/errors.ts');
    if (e instanceof DomainError) {
      const fields = e.fields
        ? ` (${Object.entries(e.fields)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')})`
        : '';
      throw new CliError(`${e.message}${fields}`, 1);
    }
    throw e;
  }
}

export function registerCampaignCommands(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('write, preview and send newsletter campaigns to those whose consent is in force');

  const create = campaign
    .command('create')
    .description('write a campaign (subject and text in en, fi and sv); prints its id')
    .option('--channel <channel>', 'newsletter (sms is refused: no SMS channel)', 'newsletter');
  for (const lang of langs) {
    create.option(`--subject-${lang} <text>`, `the subject in ${lang}`);
    create.option(`--body-${lang} <text>`, `the text in ${lang} (@file reads it from a file)`);
  }
  create.action(async (opts: Record<string, string | undefined>) => {
    const subject: Record<string, string | undefined> = {};
    const body: Record<string, string | undefined> = {};
    for (const lang of langs) {
      const cap = lang[0]!.toUpperCase() + lang.slice(1);
      subject[lang] = opts[`subject${cap}`];
      body[lang] = textOrFile(opts[`body${cap}`]);
    }
    const created = await withServices((s) =>
      friendly(() => s.campaigns.create({ channel: opts.channel, subject, body }, actor)),
    );
    console.log(created.id);
  });

  campaign
    .command('preview <id>')
    .description('the mail as a subscriber gets it, and how many are on the list now')
    .option('--lang <lang>', 'en, fi or sv', 'en')
    .action(async (id: string, opts: { lang: string }) => {
      if (!(langs as readonly string[]).includes(opts.lang))
        throw new CliError('--lang must be en, fi or sv.', 2);
      const lang = opts.lang as (typeof langs)[number];
      const { message, listSize } = await withServices((s) =>
        friendly(() => s.campaigns.preview(campaignId(id), lang)),
      );
      console.log(`Subject: ${message.subject}\n\n${message.text}\n`);
      console.log(`On the list now: ${listSize} (each is checked for consent when sent).`);
    });

  campaign
    .command('send <id>')
    .description('send (or resume sending) a campaign, with a progress bar')
    .option('--batch <n>', 'subscribers per transaction (1-5000)', '200')
    .action(async (id: string, opts: { batch: string }) => {
      const batchSize = Number(opts.batch);
      if (!/^\d+$/.test(opts.batch) || batchSize < 1 || batchSize > 5000)
        throw new CliError('--batch must be a whole number from 1 to 5000.', 2);
      const { SingleBar, Presets } = await import('cli-progress');
      const started = performance.now();
      const done = await withServices((s) =>
        friendly(async () => {
          const before = await s.campaigns.start(campaignId(id), actor);
          const bar = new SingleBar(
            { format: 'sending [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left' },
            Presets.shades_classic,
          );
          bar.start(before.audience ?? 0, before.handled);
          try {
            return await s.campaigns.send(id, actor, {
              batchSize,
              onProgress: (p) => bar.update(p.handled),
            });
          } finally {
            bar.stop();
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `Sent ${done.sent}, skipped ${done.skipped} (no consent in force), ${done.inDoubt} in doubt; ${seconds.toFixed(1)} s.`,
      );
    });

  campaign
    .command('status [id]')
    .description('the campaigns, or one campaign’s progress')
    .action(async (id: string | undefined) => {
      const lines = await withServices((s) =>
        friendly(async () => {
          if (id) {
            const p = await s.campaigns.progress(campaignId(id));
            return [
              `${p.campaignId}  ${p.status}  ${p.handled}/${p.audience ?? '-'} handled: ${p.sent} sent, ${p.skipped} skipped, ${p.inDoubt} in doubt`,
            ];
          }
          const all = await s.campaigns.list(100);
          if (all.length === 0) return ['No campaigns.'];
          return all.map(
            (c) => `${c.id}  ${c.status.padEnd(7)}  ${c.createdAt.toISOString()}  ${c.subject.en}`,
          );
        }),
      );
      for (const line of lines) console.log(line);
    });
}
