/**
 * `custodian breach …` and `custodian authority …`: the breach register (P12) and requests from
 * authorities (P28) from the terminal, for when the console is out of reach (the breach may be
 * the reason). The same services as the console; the actor in the audit log is `cli`.
 *
 *   custodian breach record --json breach.json     (fields as the console form, times UTC)
 *   custodian breach list
 *   custodian breach show <id> [--lang fi]         (with the Ombudsman's notification text)
 *   custodian breach notified <id> [--reference R] [--delay-reason TEXT] [--at TIME]
 *   custodian breach notify-people <id> --by category|disclosure|audit --key KEY [--from] [--to]
 *   custodian authority disclose --pseudonym P --authority A --provision L --request R
 *     --fields name,email [--withhold-reason TEXT]
 *   custodian authority list
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { DomainError } from '../../kit/errors.ts';
import { loadConfig } from '../../kit/config.ts';
import { isLang } from '../../kit/web/i18n.ts';
import type { AuditActor } from '../../core/audit-trail.ts';
import { affectedInput, authorityNoticeInput, breachInput } from '../../breaches/breach-input.ts';
import { authorityRequestInput } from '../../disclosures/authority-requests.service.ts';
import { CliError } from './cli-error.ts';
import type { Services } from '../services.ts';

const actor: AuditActor = { kind: 'system', id: 'cli' };

async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const { openConfiguredDatabase } = await import('../main.ts');
  const { createServices } = await import('../services.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    return await run(await createServices(config, createLogger('silent'), database));
  } catch (err) {
    throw asCliError(err);
  } finally {
    await database.close();
  }
}

/** Bad input exits 2 naming the fields; a refusal exits 1 with its message; never a stack. */
function asCliError(err: unknown): unknown {
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    return new CliError(`Invalid input. ${fields.join(' ')}`, 2);
  }
  if (err instanceof DomainError) {
    const fields = err.fields
      ? ` ${Object.entries(err.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join(' ')}`
      : '';
    return new CliError(`${err.message}${fields}`, err.code === 'validation_failed' ? 2 : 1);
  }
  return err;
}

const utc = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '-');

export function registerBreachCommands(program: Command): void {
  const breach = program
    .command('breach')
    .description('the breach register: record, list, show, notify the Ombudsman and the people');

  breach
    .command('record')
    .description('record a breach from a JSON file (the console form’s fields; times UTC)')
    .requiredOption('--json <file>', 'the breach as JSON')
    .action(async (opts: { json: string }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(opts.json, 'utf8'));
      } catch {
        throw new CliError('--json must name a readable JSON file.', 2);
      }
      const input = (() => {
        try {
          return breachInput.parse(raw);
        } catch (err) {
          throw asCliError(err);
        }
      })();
      const b = await withServices((s) => s.registers.breaches.record(input, actor));
      console.log(b.id);
    });

  breach
    .command('list')
    .description('every breach, newest discovery first, with its 72-hour clock')
    .action(async () => {
      const list = await withServices((s) => s.registers.breaches.list());
      if (list.length === 0) console.log('No breaches recorded.');
      for (const { breach: b, clock } of list) {
        const state =
          clock.kind === 'open'
            ? `open, ${clock.hoursLeft} h left`
            : clock.kind === 'overdue'
              ? `LATE by ${clock.hoursLate} h`
              : clock.kind === 'notified'
                ? clock.late
                  ? `notified ${clock.hoursLate} h late`
                  : 'notified on time'
                : 'not notifiable (documented)';
        console.log(
          `${b.id}  ${utc(b.discoveredAt)}  ${b.nature}  risk ${b.risk}  ${state}  told ${b.peopleNotified}`,
        );
      }
    });

  breach
    .command('show')
    .description('one breach and its notification text for the Ombudsman')
    .argument('<id>')
    .option('--lang <lang>', 'en | fi | sv', 'en')
    .action(async (id: string, opts: { lang: string }) => {
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError('The breach id is a UUID.', 2);
      const lang = opts.lang;
      if (!isLang(lang)) throw new CliError('--lang is en, fi or sv.', 2);
      const { view, text } = await withServices(async (s) => ({
        view: await s.registers.breaches.view(id),
        text: await s.registers.breaches.notificationText(id, lang),
      }));
      const b = view.breach;
      console.log(
        `Clock: ${view.clock.kind}${'deadline' in view.clock ? `, deadline ${utc(view.clock.deadline)}` : ''}`,
      );
      if (b.delayReason) console.log(`Reasons for the delay: ${b.delayReason}`);
      console.log(`Risk: ${b.risk}. ${b.assessment}`);
      console.log(
        `Authority notified: ${utc(b.authorityNotifiedAt)}${b.authorityReference ? ` (${b.authorityReference})` : ''}`,
      );
      console.log(`People told: ${b.peopleNotified}; not reachable: ${b.peopleUnreachable}`);
      console.log('');
      console.log(text);
    });

  breach
    .command('notified')
    .description('record that the Ombudsman was notified (after 72 hours: with the reasons)')
    .argument('<id>')
    .option('--reference <ref>', "the Ombudsman's reference")
    .option('--delay-reason <text>', 'why after the 72 hours (GDPR Art. 33(1))')
    .option('--at <time>', 'when it was sent (UTC); default now')
    .action(async (id: string, opts: { reference?: string; delayReason?: string; at?: string }) => {
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError('The breach id is a UUID.', 2);
      const input = (() => {
        try {
          return authorityNoticeInput.parse(opts);
        } catch (err) {
          throw asCliError(err);
        }
      })();
      const b = await withServices((s) =>
        s.registers.breaches.markAuthorityNotified(id, input, actor),
      );
      console.log(`Notified ${utc(b.authorityNotifiedAt)}.`);
    });

  breach
    .command('notify-people')
    .description('tell each person affected by a high-risk breach, once, in their language')
    .argument('<id>')
    .requiredOption('--by <how>', 'category | disclosure | audit')
    .requiredOption('--key <key>', 'a category, a recipient or an audit action')
    .option('--from <time>', 'window start (UTC); default when it happened')
    .option('--to <time>', 'window end (UTC); default the discovery')
    .action(async (id: string, opts: Record<string, string>) => {
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError('The breach id is a UUID.', 2);
      const input = (() => {
        try {
          return affectedInput.parse(opts);
        } catch (err) {
          throw asCliError(err);
        }
      })();
      const run = await withServices((s) => s.registers.breaches.notifyPeople(id, input, actor));
      console.log(
        `Found ${run.found}: ${run.sent} told now, ${run.already} told before, ${run.unreachable} not reachable.`,
      );
    });

  const authority = program
    .command('authority')
    .description('requests from authorities: disclose through the disclosure gate, list');
  authority
    .command('disclose')
    .description("give an authority a customer's data (only the manifest's fields), recorded")
    .requiredOption('--pseudonym <p>', "the customer's pseudonym")
    .requiredOption('--authority <name>', 'which authority asked')
    .requiredOption('--provision <law>', 'the legal provision it cited')
    .requiredOption('--request <text>', 'what was asked')
    .requiredOption('--fields <list>', 'comma-separated fields, of the manifest’s list')
    .option('--withhold-reason <text>', 'the law forbids telling the person: why')
    .action(async (opts: Record<string, string>) => {
      const input = (() => {
        try {
          return authorityRequestInput.parse({
            ...opts,
            fields: (opts.fields ?? '')
              .split(',')
              .map((f) => f.trim())
              .filter(Boolean),
            informSubject: opts.withholdReason === undefined,
            withheldReason: opts.withholdReason,
          });
        } catch (err) {
          throw asCliError(err);
        }
      })();
      const r = await withServices((s) => s.registers.authorityRequests.disclose(input, actor));
      console.log(JSON.stringify({ disclosureId: r.disclosureId, given: r.given }, null, 2));
    });
  authority
    .command('list')
    .description('every disclosure to an authority, newest first (no personal data)')
    .action(async () => {
      const list = await withServices((s) => s.registers.authorityRequests.list());
      if (list.length === 0) console.log('No requests recorded.');
      for (const r of list) {
        const told = r.informSubject ? 'person told' : `withheld: ${r.withheldReason ?? ''}`;
        console.log(
          `${r.disclosureId}  ${utc(r.recordedAt)}  ${r.authority}  ${r.provision}  ${r.fields.join(',')}  ${told}`,
        );
      }
    });
}
