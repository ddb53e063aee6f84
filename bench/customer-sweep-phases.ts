/**
 * `npx tsx bench/customer-sweep-phases.ts [--erasures N --rounds N --sweep customers.closed
 * --alone --together N --profile FILE --all-statements]`: where a customer sweep's time goes. On a database of its own (`BENCH_RETENTION_DB`, default
 * `bench_sweep_phases`, made anew and dropped at the end), it seeds `--erasures` accounts as
 * bench:retention does and runs the real RetentionRunner over the sweep, with every phase of the
 * rights engine's batch wrapped and timed (wall time, inclusive, summed over calls: phases that
 * run side by side, as the sweep's parallel runs do, add up to more than the wall clock), every
 * statement timed on the pool's clients (the client's time: round trip and server), and the event
 * loop's utilisation over the sweep (the share of the wall clock this process spent running
 * JavaScript rather than waiting). Prints one table per round; no goal, no baseline: this is a
 * profile, not a rate (bench:retention measures the rate next to its raw baseline).
 */
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createServices } from '../src/app/services.ts';
import { RetentionSweeps } from '../src/core/retention-sweeps.ts';
import { openDatabase } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { loadConfig } from '../src/kit/config.ts';
import { createLogger } from '../src/kit/log.ts';
import { RetentionRunner } from '../src/retention/retention-runner.ts';
import { seedErasable } from './retention-seed.ts';
import { timeStatements } from './statement-timer.ts';

const { values } = parseArgs({
  options: {
    erasures: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    sweep: { type: 'string', default: 'customers.inactive' },
    profile: { type: 'string' },
    // --alone: each batch through the engine directly, one after another (no runner, no
    // parallel runs), so each phase's time is the batch's own.
    alone: { type: 'boolean', default: false },
    // --together N: with --alone, batches of N (the sweep's own: 250).
    together: { type: 'string', default: '250' },
    // --all-statements: every statement in the table (else those over 1 % of the round's time).
    'all-statements': { type: 'boolean', default: false },
  },
});
const DB_NAME = process.env.BENCH_RETENTION_DB ?? 'bench_sweep_phases';
if (!/^bench_[a-z0-9_]+$/.test(DB_NAME)) throw new Error(`unsafe database name: ${DB_NAME}`);
const ADMIN_URL = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`);
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

const tally = new Map<string, { n: number; ms: number }>();
const add = (key: string, ms: number) => {
  const e = tally.get(key) ?? { n: 0, ms: 0 };
  e.n += 1;
  e.ms += ms;
  tally.set(key, e);
};

/** Replaces `obj[name]` by a wrapper that times each call (its promise, when it returns one). */
function wrap(obj: object | undefined, name: string, label: string): void {
  const o = obj as Record<string, unknown> | undefined;
  const fn = o?.[name];
  if (typeof fn !== 'function') return;
  o![name] = function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    const r = (fn as (...x: unknown[]) => unknown).apply(this, a);
    if (r instanceof Promise) {
      return r.finally(() => add(label, performance.now() - t0));
    }
    add(label, performance.now() - t0);
    return r;
  };
}

/** The sweep's batches of 50 run one after another through the engine, without the runner. */
async function alone(
  services: Awaited<ReturnType<typeof createServices>>,
  closed: boolean,
): Promise<{ sweeps: { processed: number; errors: number }[] }> {
  const db = services.database.db;
  const ids = closed
    ? (
        await sql<{ id: string }>`select id from dsr_requests
          where status = 'verified' and type = 'erasure' order by id`.execute(db)
      ).rows.map((r) => r.id)
    : (
        await sql<{ id: string }>`select id::text as id from customers
          where last_active_at < ${new Date(NOW.getTime() - 3 * 365 * 86_400_000)}
          order by id`.execute(db)
      ).rows.map((r) => r.id);
  const together = Number(values.together);
  for (let i = 0; i < ids.length; i += together) {
    const batch = ids.slice(i, i + together);
    const t0 = performance.now();
    if (closed) await services.rights.runner.runErasures(batch);
    else
      await services.rights.runner.runErasures(
        await services.rights.requests.createErasures(batch, 'staff'),
      );
    add(`a batch of ${together}, wall`, performance.now() - t0);
  }
  return { sweeps: [{ processed: ids.length, errors: 0 }] };
}

async function main(): Promise<void> {
  const admin = await openDatabase({ url: ADMIN_URL });
  await sql`drop database if exists ${sql.id(DB_NAME)}`.execute(admin.db);
  await sql`create database ${sql.id(DB_NAME)}`.execute(admin.db);
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-sweep-phases-'));
  const database = await openDatabase({ url: URL });
  try {
    await migrateToLatest(database);
    const env = {
      DATABASE_URL: URL,
      DATA_DIR: dir,
      CUSTODIAN_KEY_DIR: path.join(dir, 'keys'),
      CUSTODIAN_AUDIT_CHECKPOINTS: path.join(dir, 'keys', 'audit-checkpoints.jsonl'),
      BACKUP_DIR: path.join(dir, 'backups'),
      RETENTION_SCHEDULE: 'off',
    };
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const services = await createServices(config, createLogger('silent'), database);
    timeStatements(database.pool!, (text, ms) => {
      add(`  sql ${text.slice(0, 60)}`, ms);
      add('sql (every statement)', ms);
    });

    // The engine's collaborators, wrapped where the runner calls them.
    const runner = services.rights.runner as unknown as { deps: Record<string, unknown> };
    const deps = runner.deps;
    for (const k of ['recipientsOf', 'holdsOn', 'verifiedEmailIndexesOf', 'notifier']) {
      wrap(deps, k, `deps.${k}`);
    }
    const confirmation = deps.confirmation as object;
    for (const k of ['captureMany', 'sendMany', 'forgetAll'])
      wrap(confirmation, k, `confirmation.${k}`);
    const cdeps = (confirmation as { deps: Record<string, unknown> }).deps;
    wrap(cdeps, 'contactOf', '  confirmation contactOf (per request)');
    wrap(cdeps.mailer as object, 'sendMany', '  mailer.sendMany');
    for (const k of [
      'seal',
      'open',
      'shredSubjects',
      'prepareSubjects',
      'shredMany',
      'unlinkPseudonyms',
    ])
      wrap(services.vault, k, `  vault.${k}`);
    for (const m of services.rights.registry.modules()) {
      wrap(m, 'eraseMany', `  eraseMany ${m.name}`);
      wrap(m, 'erase', `  erase ${m.name}`);
    }
    wrap(services.rights.requests, 'createErasures', 'rights.createErasures');
    wrap(services.rights.runner, 'runErasures', 'runner.runErasures (a batch)');
    wrap(services.audit, 'record', '  audit.record');
    wrap(services.audit, 'recordMany', '  audit.recordMany');
    const sweep = services.retention.sweeps.get(values.sweep)!;
    for (const k of ['prepare', 'due', 'end', 'census'] as const) wrap(sweep, k, `sweep.${k}`);

    const sweeps = new RetentionSweeps();
    sweeps.register(sweep);
    const retention = new RetentionRunner({
      database,
      sweeps,
      manifest: () => services.policy.manifest,
      log: createLogger('silent'),
      now: () => NOW,
      batchSize: 500,
    });
    for (let r = 0; r < Number(values.rounds); r++) {
      await seedErasable(
        services,
        Number(values.erasures),
        NOW,
        values.sweep === 'customers.closed',
      );
      await sql`vacuum analyze`.execute(database.db);
      tally.clear();
      const cpu0 = process.cpuUsage();
      const elu0 = performance.eventLoopUtilization();
      // --profile FILE: a CPU profile of the sweep alone (the last round's), for DevTools.
      const session = values.profile ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const t0 = performance.now();
      const report = values.alone
        ? await alone(services, values.sweep === 'customers.closed')
        : await retention.run({ trigger: 'bench' });
      const ms = performance.now() - t0;
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(values.profile!, JSON.stringify(profile));
        session.disconnect();
      }
      const elu = performance.eventLoopUtilization(elu0);
      const cpu = process.cpuUsage(cpu0);
      const s = report.sweeps[0]!;
      console.log(
        `\nround ${r + 1}: ${values.sweep} ${s.processed} accounts (${s.errors} errors) in ${ms.toFixed(0)} ms ` +
          `(${((s.processed / ms) * 1000).toFixed(0)} accounts/s); event loop busy ${(elu.utilization * 100).toFixed(0)} % ` +
          `(${elu.active.toFixed(0)} ms), this process's CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
      );
      const rows = [...tally.entries()]
        .filter(
          ([k]) =>
            !k.startsWith('  sql ') ||
            tally.get(k)!.ms > ms * (values['all-statements'] ? 0 : 0.01),
        )
        .sort((a, b) => b[1].ms - a[1].ms);
      for (const [k, e] of rows)
        console.log(
          `  ${String(e.n).padStart(6)} × ${(e.ms / e.n).toFixed(2).padStart(8)} ms = ${e.ms.toFixed(0).padStart(6)} ms  ${k}`,
        );
    }
  } finally {
    await database.close();
    await sql`drop database if exists ${sql.id(DB_NAME)}`.execute(admin.db);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
