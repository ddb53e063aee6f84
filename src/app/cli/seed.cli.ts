/**
 * `custodian seed --customers N [--seed S] [--batch B] [--workers W] [--connections C]`: deterministic demo data (customers with
 * orders, reviews, browsing, consents, subscriptions) with a progress bar. Safe to run again:
 * customers that exist are skipped; an interrupted run keeps its finished batches and a re-run
 * goes on from there. A bar on a terminal; piped or redirected (no terminal on stderr), a line
 * on stdout every 5 seconds, so logs and CI show how far it got.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new CliError(`--${name} must be a whole number from 1 to ${max}.`, 2);
    }
    return n;
  };
}

function wholeNumber(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) {
      throw new CliError(`--${name} must be a whole number from 0 to ${max}.`, 2);
    }
    return n;
  };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

export function registerSeedCommands(program: Command): void {
  program
    .command('seed')
    .description(
      'create demo customers with orders, reviews, browsing events, consents and newsletter subscriptions',
    )
    .requiredOption('--customers <n>', 'how many customers', positiveInt('customers', 10_000_000))
    .option(
      '--seed <s>',
      'the random seed (same seed, same people)',
      positiveInt('seed', 2 ** 31),
      1,
    )
    .option('--batch <b>', 'customers per transaction', positiveInt('batch', 10_000), 2000)
    .option(
      '--workers <w>',
      'threads that seal batches on PostgreSQL (0: the main thread seals)',
      wholeNumber('workers', 64),
      availableParallelism(),
    )
    .option(
      '--connections <c>',
      'PostgreSQL connections writing batches side by side (each batch one transaction)',
      positiveInt('connections', 16),
      1,
    )
    .action(
      async (opts: {
        customers: number;
        seed: number;
        batch: number;
        workers: number;
        connections: number;
      }) => {
        const { openConfiguredDatabase } = await import('../main.ts');
        const { createServices } = await import('../services.ts');
        const { seedCustomers, demoSignIns } = await import('../../seed/seed.service.ts');
        const { seedDeps } = await import('../../seed/demo-seed.ts');
        // Here, not at the top: the database drivers and the progress bar cost `--help` a second.
        const { migrateToLatest } = await import('../../kit/db/migrate.ts');
        const { createLogger } = await import('../../kit/log.ts');
        const { SingleBar, Presets } = await import('cli-progress');
        const config = loadConfig();
        const log = createLogger('silent');
        const database = await openConfiguredDatabase(config);
        try {
          await migrateToLatest(database);
          const services = await createServices(config, log, database);
          const tty = process.stderr.isTTY === true;
          const bar = new SingleBar(
            {
              format:
                'seeding [{bar}] {percentage}% | {value}/{total} customers | {rate}/s | {duration_formatted} | {eta_formatted} left',
              stream: tty ? process.stderr : process.stdout,
              // Without a terminal: one line per interval instead of redrawing in place.
              noTTYOutput: true,
              notTTYSchedule: 5000,
              etaBuffer: 20,
            },
            Presets.shades_classic,
          );
          bar.start(opts.customers, 0, { rate: 0 });
          const started = performance.now();
          // CPU time beside wall time: on a shared machine the wall time says more about the others.
          const cpuAtStart = process.cpuUsage();
          const outcome = await seedCustomers(seedDeps(services), {
            customers: opts.customers,
            seed: opts.seed,
            batchSize: opts.batch,
            workers: opts.workers,
            connections: opts.connections,
            onProgress: (done) =>
              bar.update(done, {
                rate: Math.round(done / ((performance.now() - started) / 1000)),
              }),
          });
          bar.stop();
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `Created ${outcome.created} customers (${outcome.skipped} existed already), ${outcome.rows} rows in ${seconds.toFixed(1)} s (${Math.round(opts.customers / seconds)} customers/s; this process used ${cpuSeconds(process.cpuUsage(cpuAtStart)).toFixed(1)} s of CPU).`,
          );
          if (outcome.indexes) {
            console.log(
              `  ${outcome.indexes.suspended} secondary indexes suspended for the load, built again and the tables analysed in ${outcome.indexes.rebuildSeconds.toFixed(1)} s.`,
            );
          }
          console.log(
            `  ${Object.entries(outcome.tables)
              .map(([table, n]) => `${table} ${n}`)
              .join(', ')}`,
          );
          for (const s of demoSignIns(Math.min(3, opts.customers), opts.seed)) {
            console.log(`  sign in: ${s.email} / ${s.password}`);
          }
        } finally {
          await database.close();
        }
      },
    );
}
