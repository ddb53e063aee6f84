/**
 * `custodian retention …`: see and rehearse the manifest's retention, run it now, and hold data.
 *
 * - `plan [--as-of YYYY-MM-DD] [--json]`: per manifest rule, records due now, held, next due date;
 *   changes nothing.
 * - `run`: runs every sweep now with a progress bar; the run is recorded.
 * - `hold add --customer <id> | --order <id> --reason <text> --until <YYYY-MM-DD>`, `hold list
 *   [--all]`, `hold extend <hold-id> --until <YYYY-MM-DD>`, `hold release <hold-id>`: legal holds
 *   (also in the staff console, /staff/retention, and the staff API: docs/retention.md).
 */
import { MultiBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import { createLogger } from '../../kit/log.ts';
import { DomainError } from '../../kit/errors.ts';
import type { Services } from '../services.ts';

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
    if (err instanceof DomainError) throw new CliError(err.message, 2);
    throw err;
  } finally {
    await database.close();
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(text: string, option: string): Date {
  const d = new Date(`${text}T00:00:00Z`);
  // A round trip, so 2031-02-30 is refused rather than read as 2 March.
  if (!DATE.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    throw new CliError(`${option} must be a date like 2031-12-31.`, 2);
  return d;
}

function pad(s: string | number, n: number): string {
  return String(s).padEnd(n);
}

export function registerRetentionCommands(program: Command): void {
  const retention = program
    .command('retention')
    .description("the manifest's retention rules: plan, run, legal holds");

  retention
    .command('plan')
    .description(
      'per retention rule: records due now, held, and the next due date (changes nothing)',
    )
    .option('--as-of <date>', 'rehearse as of this day (YYYY-MM-DD, UTC)')
    .option('--json', 'print JSON')
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const at = opts.asOf === undefined ? undefined : parseDay(opts.asOf, '--as-of');
      const plan = await withServices((s) => s.retention.plan(at));
      if (opts.json) {
        console.log(JSON.stringify(plan, null, 2));
        return;
      }
      const lines = [
        `${pad('rule', 22)}${pad('period', 8)}${pad('action', 11)}${pad('due', 9)}${pad('held', 7)}next due`,
        ...plan.flatMap((r) => [
          `${pad(r.rule, 22)}${pad(r.period, 8)}${pad(r.action, 11)}${pad(r.due, 9)}${pad(r.held, 7)}${r.nextDue ?? '—'}`,
          // Each sweep under its rule, when the rule has more than one.
          ...(r.sweeps.length > 1
            ? r.sweeps.map(
                (w) => `  ${pad(w.sweep, 39)}${pad(w.due, 9)}${pad(w.held, 7)}${w.nextDue ?? '—'}`,
              )
            : []),
        ]),
      ];
      console.log(lines.join('\n'));
    });

  retention
    .command('run')
    .description('run every retention sweep now (recorded like a scheduled run)')
    .action(async () => {
      const report = await withServices(async (s) => {
        const bars = new MultiBar(
          { format: '{sweep} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false },
          Presets.shades_classic,
        );
        const bySweep = new Map<string, ReturnType<MultiBar['create']>>();
        try {
          return await s.retention.run('cli', (p) => {
            let bar = bySweep.get(p.sweep);
            if (!bar) {
              bar = bars.create(Math.max(p.due, 1), 0, { sweep: p.sweep.padEnd(24) });
              bySweep.set(p.sweep, bar);
            }
            bar.setTotal(Math.max(p.due, p.processed, 1));
            bar.update(p.processed);
          });
        } finally {
          bars.stop();
        }
      });
      for (const r of report.sweeps) {
        console.log(
          `${pad(r.sweep, 26)}${pad(r.rule, 22)}ended ${pad(r.processed, 8)}held ${pad(r.held, 6)}${r.errors ? `errors ${r.errors}` : ''}`,
        );
      }
      console.log(`Run ${report.runId}: ${report.status}.`);
      if (report.status !== 'done') throw new CliError('Some sweeps failed; see the log.');
    });

  const hold = retention.command('hold').description('legal holds: keep data from every sweep');
  hold
    .command('add')
    .description('hold a customer or an order until a date, with a reason (stored sealed)')
    .option('--customer <id>', 'the customer (uuid)')
    .option('--order <id>', 'the order (uuid)')
    .requiredOption('--reason <text>', 'why (a case or dispute reference)')
    .requiredOption('--until <date>', 'the last day of the hold (YYYY-MM-DD)')
    .action(async (opts: { customer?: string; order?: string; reason: string; until: string }) => {
      const until = parseDay(opts.until, '--until');
      if (!opts.customer === !opts.order)
        throw new CliError('Name either --customer or --order (a uuid).', 2);
      // Held through the whole last day.
      until.setUTCDate(until.getUTCDate() + 1);
      const h = await withServices((s) =>
        s.retention.holds.place({
          customerId: opts.customer,
          orderId: opts.order,
          reason: opts.reason,
          until,
          placedBy: 'cli',
        }),
      );
      console.log(`Hold ${h.id} on ${h.target.kind} ${h.target.id} until ${opts.until}.`);
    });
  hold
    .command('list')
    .description('holds in force (with --all, also released and expired ones)')
    .option('--all', 'include ended holds')
    .action(async (opts: { all?: boolean }) => {
      const holds = await withServices((s) => s.retention.holds.list({ all: opts.all ?? false }));
      if (holds.length === 0) console.log('No holds.');
      for (const h of holds) {
        const state = h.active ? 'active' : h.releasedAt ? 'released' : 'expired';
        // Art. 17(3)(e): an erasure the customer asked for waits on this hold.
        const waiting =
          h.erasuresWaiting.length > 0 ? `  erasure waiting: ${h.erasuresWaiting.join(', ')}` : '';
        // The last day held, as `hold add --until` takes it (the hold ends at the next midnight).
        const lastDay = new Date(h.until.getTime() - 1).toISOString().slice(0, 10);
        console.log(
          `${h.id}  ${h.target.kind} ${h.target.id}  until ${lastDay}  ${state}${waiting}`,
        );
      }
    });
  hold
    .command('extend')
    .description('move a hold in force to a later end date (a waiting erasure is told the date)')
    .argument('<hold-id>')
    .requiredOption('--until <date>', 'the new last day of the hold (YYYY-MM-DD)')
    .action(async (id: string, opts: { until: string }) => {
      const until = parseDay(opts.until, '--until');
      // Held through the whole last day, as `hold add`.
      until.setUTCDate(until.getUTCDate() + 1);
      const h = await withServices((s) => s.retention.holds.extend(id, until, 'cli'));
      console.log(`Hold ${h.id} extended until ${opts.until}.`);
    });
  hold
    .command('release')
    .description('release a hold before its end date')
    .argument('<hold-id>')
    .action(async (id: string) => {
      const h = await withServices((s) => s.retention.holds.release(id, 'cli'));
      console.log(`Hold ${h.id} released.`);
      if (h.erasuresWaiting.length > 0)
        console.log(`Erasures still waiting on other holds: ${h.erasuresWaiting.join(', ')}`);
    });
}
