/**
 * The `backups` rule: a backup archive is deleted by the retention run once the manifest's
 * period has passed since it was made (its file time), and not a moment before.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAt, financialYearOf } from '../../src/core/manifest/retention-period.ts';
import { sql } from 'kysely';
import { RetentionSweeps, type RetentionSweep } from '../../src/core/retention-sweeps.ts';
import { createLogger } from '../../src/kit/log.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { proves } from '../support/proves.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

describe('backup archives', () => {
  let services: TestServices;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'custodian-backups-'));
    services = await createTestServices({ BACKUP_DIR: dir });
  });
  afterAll(async () => {
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'are deleted once their period has passed, and kept until then',
    proves('retention:backups'),
    async () => {
      const rule = services.policy.manifest.retention.backups!;
      const fy = financialYearOf(services.policy.manifest);
      const now = Date.now();
      const day = 86_400_000;
      const ages = [0, 1, 20, 34, 36, 90, 400].map((days) => days * day);
      for (const age of ages) {
        const file = path.join(dir, `backup-${age / day}d.tar.gz`);
        writeFileSync(file, 'archive');
        const madeAt = new Date(now - age);
        utimesSync(file, madeAt, madeAt);
      }
      const report = await services.retention.run('test');
      expect(report.status).toBe('done');
      const expected = ages
        .filter((age) => expiresAt(rule, new Date(now - age), fy)!.getTime() > Date.now())
        .map((age) => `backup-${age / day}d.tar.gz`)
        .sort();
      expect(readdirSync(dir).sort()).toEqual(expected);
      // The boundary is the manifest's: something on each side of it.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(ages.length);
    },
  );

  it("keeps an archive made since the listing under an expired one's name", async () => {
    const sweep = services.retention.sweeps.get('backups.archives')!;
    const now = new Date();
    const w = services.retention.runner.window(sweep, now, { customerIds: [], orderIds: [] })!;
    const old = new Date(now.getTime() - 90 * 86_400_000);
    const names = Array.from({ length: 150 }, (_, k) => `backup-old-${k}.tar.gz`);
    for (const name of names) {
      writeFileSync(path.join(dir, name), 'archive');
      utimesSync(path.join(dir, name), old, old);
    }
    const census = await sweep.census(services.database.db, w);
    expect(census.due).toBe(names.length);
    // After the listing: one replaced by a new archive of the same name, one removed by hand.
    writeFileSync(path.join(dir, names[70]!), 'a new archive');
    rmSync(path.join(dir, names[100]!));
    const due = await sweep.due(services.database.db, w, 1000);
    expect(due).toHaveLength(names.length);
    expect(await sweep.end(services.database.db, due, w)).toBe(names.length - 2);
    expect(readdirSync(dir).filter((n) => n.startsWith('backup-old-'))).toEqual([names[70]]);
  });

  it("records every archive a run ended, the last batch's too, in the run's own record", async () => {
    // The sweep commits on its own: each batch's count goes with the next batch's lease renewal,
    // the last one with the sweep's outcome.
    const old = new Date(Date.now() - 90 * 86_400_000);
    for (let k = 0; k < 7; k++) {
      const file = path.join(dir, `backup-counted-${k}.tar.gz`);
      writeFileSync(file, 'archive');
      utimesSync(file, old, old);
    }
    const sweeps = new RetentionSweeps();
    sweeps.register(services.retention.sweeps.get('backups.archives')!);
    const runner = new RetentionRunner({
      database: services.database,
      sweeps,
      manifest: () => services.policy.manifest,
      log: createLogger('silent'),
      batchSize: 3,
    });
    const report = await runner.run({ trigger: 'test' });
    expect(report.sweeps[0]).toMatchObject({ processed: 7, errors: 0 });
    const [run] = await services.retention.lastRuns(1);
    expect(run).toMatchObject({ id: report.runId, status: 'done' });
    expect(run!.sweeps).toEqual([
      expect.objectContaining({ sweep: 'backups.archives', processed: 7 }),
    ]);
    expect(readdirSync(dir).filter((n) => n.startsWith('backup-counted-'))).toEqual([]);
  });

  it('stops a sweep of its own transactions once its lease is taken, counting what it ended', async () => {
    const keys = Array.from({ length: 9 }, (_, k) => `k-${k}`);
    const ended: string[] = [];
    const own: RetentionSweep = {
      name: 'test.own',
      rule: 'backups',
      anchor: 'collected',
      action: 'delete',
      tables: [],
      categories: [],
      ownTransactions: true,
      due: async (_db, _w, limit) => keys.splice(0, limit),
      async end(db, batch) {
        ended.push(...batch);
        // Another runner takes the lease over while this batch runs.
        if (ended.length === 3)
          await sql`update retention_lease set holder = 'another', until = now() + interval '5 minutes'
            where id = 1`.execute(db);
        return batch.length;
      },
      census: async () => ({ due: 9, held: 0, nextAnchor: null }),
    };
    const sweeps = new RetentionSweeps();
    sweeps.register(own);
    const runner = new RetentionRunner({
      database: services.database,
      sweeps,
      manifest: () => services.policy.manifest,
      log: createLogger('silent'),
      batchSize: 3,
    });
    try {
      const report = await runner.run({ trigger: 'test' });
      expect(report.sweeps[0]).toMatchObject({ processed: 3, errors: 1 });
      expect(ended).toEqual(['k-0', 'k-1', 'k-2']);
      const [run] = await services.retention.lastRuns(1);
      expect(run!.sweeps).toEqual([expect.objectContaining({ sweep: 'test.own', processed: 3 })]);
    } finally {
      await sql`update retention_lease set holder = null, until = null where id = 1`.execute(
        services.database.db,
      );
    }
  });
});
