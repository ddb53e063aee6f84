/**
 * `custodian policy publish | versions | notices <version>`: publishing the privacy manifest as
 * a new policy version on purpose, with its change note in en/fi/sv (issue 14). A significant
 * version's customers are told by email in their language, with the progress printed; a run
 * that stopped halfway is resumed by `notices <version> --resume` or by the next `serve`.
 * Publishing also writes the committed record next to the manifest (published-record.ts), so
 * `custodian manifest lint` can see an unpublished change without the database.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import type { Services } from '../services.ts';

async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { databaseInUse } = await import('../../kit/vault/backup.ts');
  if (!config.databaseUrl && databaseInUse(config))
    throw new CliError(
      'The embedded database is in use by the running store: stop it first, or publish from the staff console.',
    );
  const { openConfiguredDatabase } = await import('../main.ts');
  const { createServices } = await import('../services.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const { DomainError } = await import('../../kit/errors.ts');
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    // `hold`: the file's edited content becomes `pending`, which `publish` publishes.
    return await run(await createServices(config, createLogger('silent'), database));
  } catch (err) {
    if (err instanceof DomainError) throw new CliError(err.message, 2);
    throw err;
  } finally {
    await database.close();
  }
}

interface PublishOptions {
  significant?: boolean;
  noteEn?: string;
  noteFi?: string;
  noteSv?: string;
  notes?: string;
  notify: boolean;
  batch: string;
  date?: string;
}

async function notesFrom(opts: PublishOptions): Promise<Record<string, unknown>> {
  if (opts.notes) {
    try {
      return JSON.parse(await readFile(opts.notes, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new CliError(`--notes ${opts.notes}: not a readable JSON file of {"en","fi","sv"}.`, 2);
    }
  }
  return { en: opts.noteEn, fi: opts.noteFi, sv: opts.noteSv };
}

const progressLine = (p: { done: number; total: number; sent: number }) =>
  `notified ${p.done}/${p.total} (${p.sent} emails sent)`;

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('publish the privacy manifest as a policy version and notify customers');

  policy
    .command('publish')
    .description(
      'publish the manifest (MANIFEST) as a new version with a change note in en, fi and sv',
    )
    .option(
      '--significant',
      'customers are told by email, and consent is asked again if it is touched',
    )
    .option('--note-en <text>', 'the change note in English')
    .option('--note-fi <text>', 'the change note in Finnish')
    .option('--note-sv <text>', 'the change note in Swedish')
    .option('--notes <file>', 'a JSON file {"en": …, "fi": …, "sv": …} instead of --note-*')
    .option('--date <YYYY-MM-DD>', 'the publication day (default today)')
    .option('--no-notify', 'publish only; the next `serve` or `policy notices --resume` notifies')
    .option('--batch <n>', 'customers per batch (1-1000)', '100')
    .action(async (opts: PublishOptions) => {
      const batch = Number(opts.batch);
      if (!/^\d+$/.test(opts.batch) || batch < 1 || batch > 1000)
        throw new CliError('--batch must be a whole number from 1 to 1000.', 2);
      const notes = await notesFrom(opts);
      const { validateNotes } = await import('../../policy/policy-publisher.ts');
      const { ValidationError } = await import('../../kit/errors.ts');
      try {
        validateNotes(notes);
      } catch (err) {
        if (err instanceof ValidationError) throw new CliError(err.message, 2);
        throw err;
      }
      await withServices(async (s) => {
        const row = await s.policyPublishing.publish({
          significant: opts.significant === true,
          notes: validateNotes(notes),
          ...(opts.date ? { effectiveDate: opts.date } : {}),
        });
        const { writePublishedEntry } = await import('../../policy/published-record.ts');
        await writePublishedEntry(s.config.manifestPath, {
          version: row.version,
          policyVersion: s.policy.manifest.policy.version,
          effectiveDate: row.effectiveDate,
          significant: row.significant,
          contentHash: row.contentHash,
        });
        console.log(
          `Published version ${row.version} (${row.label})${row.significant ? ', significant' : ''}${row.touchesConsent ? '; consent will be asked again' : ''}.`,
        );
        if (row.significant && opts.notify) {
          const done = await s.policyPublishing.notices.run(row.version, {
            batchSize: batch,
            afterBatch: (p) => console.error(progressLine(p)),
          });
          console.log(
            `Notices: ${done.sent} sent, ${done.suppressed} bounced addresses skipped, ${done.erased} erased accounts skipped.`,
          );
        }
      });
    });

  policy
    .command('versions')
    .description('the published versions: number, date, significance, note')
    .action(async () => {
      const lines = await withServices(async (s) =>
        (await s.policy.listVersions()).map(
          (v) =>
            `${v.version}\t${v.effectiveDate}\t${v.significant ? 'significant' : '-'}\t${v.notes?.en ?? ''}`,
        ),
      );
      console.log(lines.join('\n'));
    });

  policy
    .command('notices')
    .description("a significant version's notice run: progress, or --resume to finish it")
    .argument('<version>', 'the published version number')
    .option('--resume', 'send the notices not yet sent')
    .action(async (version: string, opts: { resume?: boolean }) => {
      if (!/^[1-9]\d{0,8}$/.test(version))
        throw new CliError('<version> must be a policy version number, like 2.', 2);
      await withServices(async (s) => {
        const n = Number(version);
        const p = opts.resume
          ? await s.policyPublishing.notices.run(n, {
              afterBatch: (x) => console.error(progressLine(x)),
            })
          : await s.policyPublishing.progress(n);
        if (!p) throw new CliError(`Version ${n} has no notice run (it is not significant).`, 1);
        console.log(
          `${progressLine(p)}; ${p.suppressed} bounced, ${p.erased} erased; ${p.finished ? 'finished' : 'not finished'}`,
        );
      });
    });
}
