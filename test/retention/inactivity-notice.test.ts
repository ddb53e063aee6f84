/**
 * The inactive customer's notice (issue 13, item 3), on PGlite and PostgreSQL, against an injected
 * clock: INACTIVITY_NOTICE_DAYS before the customer-relationship period ends the customer gets a
 * notice in the account's language with the date and a sign-in link; signing in keeps the account;
 * without activity the account is erased on that date through the rights engine; an account first
 * seen already past its period is told, then erased that many days later, never at once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAt, financialYearOf } from '../../src/core/manifest/retention-period.ts';
import { INACTIVITY_NOTICE_DAYS } from '../../src/customers/customers.retention.ts';
import { createLogger } from '../../src/kit/log.ts';
import { RetentionRunner } from '../../src/retention/retention-runner.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const day = 86_400_000;
let services: TestServices;
let clock = new Date();
let runner: RetentionRunner;

beforeAll(async () => {
  services = await createTestServices({ PUBLIC_URL: 'https://shop.example' });
  runner = new RetentionRunner({
    database: services.database,
    sweeps: services.retention.sweeps,
    manifest: () => services.policy.manifest,
    log: createLogger('silent'),
    now: () => clock,
  });
}, 60_000);
afterAll(async () => services?.close());

async function customer(lang: string, lastActive: Date) {
  const c = await signedInCustomer(services);
  await sql`update customers set lang = ${lang}, last_active_at = ${lastActive} where id = ${c.id}`.execute(
    services.database.db,
  );
  return c;
}
const exists = async (id: string) =>
  (await sql`select 1 from customers where id = ${id}`.execute(services.database.db)).rows
    .length === 1;
const noticeOf = async (id: string) => {
  const mail = await services.notify.outbox.latestFor(id);
  return mail?.template === 'inactivity_notice' ? mail : undefined;
};
async function runAt(t: Date) {
  clock = t;
  const report = await runner.run({ trigger: 'test' });
  expect(report.status).toBe('done');
  return report;
}

describe('the inactive customer’s notice', () => {
  it('is sent a notice period before the erasure; signing in keeps the account, silence ends it', async () => {
    const lastActive = new Date('2031-03-10T08:00:00Z');
    const manifest = services.policy.manifest;
    const ends = expiresAt(
      manifest.retention.customer_relationship!,
      lastActive,
      financialYearOf(manifest),
    )!;
    const noticeAt = new Date(ends.getTime() - INACTIVITY_NOTICE_DAYS * day);
    const silent = await customer('fi', lastActive);
    const back = await customer('sv', lastActive);

    await runAt(new Date(noticeAt.getTime() - 1));
    expect(await noticeOf(silent.id)).toBeUndefined();

    await runAt(noticeAt);
    const fi = await noticeOf(silent.id);
    expect(fi?.message?.to).toBe(silent.email);
    // Finnish, with the date as a Finnish reader writes it and the sign-in link in her language.
    expect(fi?.message?.subject).toBe('HerSecret-tilisi poistetaan 11. maaliskuuta 2034');
    expect(fi?.message?.text).toContain('https://shop.example/account/sign-in?lang=fi');
    const sv = await noticeOf(back.id);
    expect(sv?.message?.subject).toBe('Ditt HerSecret-konto raderas den 11 mars 2034');
    // The notice is recorded, and it is not activity.
    const row = await services.database.db
      .selectFrom('customers')
      .select(['last_active_at', 'inactivity_notice_at'])
      .where('id', '=', silent.id)
      .executeTakeFirstOrThrow();
    expect(row.last_active_at).toEqual(lastActive);
    expect(row.inactivity_notice_at).toEqual(noticeAt);

    // She comes back a week later and signs in: activity.
    await sql`update customers set last_active_at = ${new Date(noticeAt.getTime() + 7 * day)}
      where id = ${back.id}`.execute(services.database.db);

    await runAt(new Date(ends.getTime() - 1));
    expect(await exists(silent.id)).toBe(true);
    const report = await runAt(ends);
    expect(await exists(silent.id)).toBe(false);
    expect(await exists(back.id)).toBe(true);
    // One account erased, through the rights engine (customers.retention.ts, eraseInactive).
    expect(report.sweeps.find((r) => r.sweep === 'customers.inactive')?.processed).toBe(1);
  });

  it('tells an account first seen past its period, and erases it only a notice period later', async () => {
    const now = new Date('2040-01-15T12:00:00Z');
    const old = await customer('en', new Date('2035-06-01T00:00:00Z'));
    await runAt(now);
    expect(await exists(old.id)).toBe(true);
    const mail = await noticeOf(old.id);
    expect(mail?.message?.subject).toBe(
      'Your HerSecret account will be erased on 14 February 2040',
    );
    expect(mail?.message?.text).toContain('https://shop.example/account/sign-in?lang=en');

    // Another run tells no one twice.
    const before = (await services.notify.outbox.list(500)).length;
    await runAt(new Date(now.getTime() + day));
    expect((await services.notify.outbox.list(500)).length).toBe(before);

    await runAt(new Date(now.getTime() + INACTIVITY_NOTICE_DAYS * day - 1));
    expect(await exists(old.id)).toBe(true);
    await runAt(new Date(now.getTime() + INACTIVITY_NOTICE_DAYS * day));
    expect(await exists(old.id)).toBe(false);
  });
});
