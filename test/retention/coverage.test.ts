/**
 * Every manifest retention rule is enforced by a registered sweep, every sweep names a rule of the
 * manifest with its anchor and action, and every personal-data column is ended by a sweep.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataColumns } from '../../src/core/personal-data-columns.ts';
import type { RetentionSweep } from '../../src/core/retention-sweeps.ts';
import { retentionCoverage } from '../../src/retention/retention-coverage.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const token = 'retention-staff-token-0123456789';
let services: TestServices;
beforeAll(async () => {
  services = await createTestServices({ STAFF_API_TOKEN: token });
}, 180_000);
afterAll(async () => services.close());

describe('retention coverage', () => {
  it('covers every rule of the manifest and every personal-data column', () => {
    const manifest = services.policy.manifest;
    expect(Object.keys(manifest.retention)).toHaveLength(9);
    expect(
      retentionCoverage(manifest, services.retention.sweeps.all(), personalDataColumns),
    ).toEqual([]);
  });

  it('fails on a rule without a sweep, a sweep of an unknown rule, or an uncovered column', () => {
    const manifest = services.policy.manifest;
    const sweeps = services.retention.sweeps.all();
    const withoutBrowsing = sweeps.filter((s) => s.rule !== 'browsing');
    expect(retentionCoverage(manifest, withoutBrowsing, personalDataColumns)).toEqual(
      expect.arrayContaining([
        'rule browsing has no sweep',
        'browsing_events.visitor_id holds personal data but no sweep ends browsing_events',
      ]),
    );
    const stray: RetentionSweep = { ...sweeps[0]!, name: 'stray.sweep', rule: 'forever' };
    expect(retentionCoverage(manifest, [...sweeps, stray], personalDataColumns)).toContain(
      'sweep stray.sweep names rule forever, which the manifest lacks',
    );
    const wrongAction: RetentionSweep = { ...sweeps[0]!, name: 'x.wrong', action: 'delete' };
    expect(retentionCoverage(manifest, [...sweeps, wrongAction], personalDataColumns)).toContain(
      `sweep x.wrong does delete, rule ${wrongAction.rule} says ${manifest.retention[wrongAction.rule]!.action}`,
    );
    const columns = { ...personalDataColumns, new_table: { note: { personal: 'user.review' } } };
    expect(retentionCoverage(manifest, sweeps, columns)).toContain(
      'new_table.note holds personal data but no sweep ends new_table',
    );
  });
});

describe('GET /api/staff/retention', () => {
  it('refuses without the staff token, and rejects a malformed query', async () => {
    const app = createApp(services);
    expect((await app.request('/api/staff/retention')).status).toBe(401);
    const wrong = { authorization: 'Bearer not-the-token-at-all-000000' };
    expect((await app.request('/api/staff/retention', { headers: wrong })).status).toBe(403);
    const auth = { authorization: `Bearer ${token}` };
    const bad = await app.request('/api/staff/retention?runs=lots', { headers: auth });
    expect(bad.status).toBe(400);
  });

  it('shows the plan of all nine rules and the last run with its per-sweep results', async () => {
    const app = createApp(services);
    await services.retention.run('api');
    const res = await app.request('/api/staff/retention', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      plan: { rule: string; due: number; held: number }[];
      runs: { status: string; sweeps: { sweep: string; processed: number }[] }[];
      holds: unknown[];
    };
    expect(body.plan.map((p) => p.rule)).toEqual(Object.keys(services.policy.manifest.retention));
    expect(body.runs[0]!.status).toBe('done');
    expect(body.runs[0]!.sweeps.map((s) => s.sweep)).toEqual(
      services.retention.sweeps.all().map((s) => s.name),
    );
    expect(body.holds).toEqual([]);
  });
});

describe('the daily retention job', () => {
  it('is scheduled in pg-boss at the configured time (UTC) once the jobs start', async () => {
    await services.jobs.start();
    try {
      const { rows } = await sql<{ name: string; cron: string; timezone: string }>`
        select name, cron, timezone from pgboss.schedule`.execute(services.database.db);
      expect(rows).toEqual([{ name: 'retention.run', cron: '30 3 * * *', timezone: 'UTC' }]);
    } finally {
      await services.jobs.stop();
    }
  });
});
