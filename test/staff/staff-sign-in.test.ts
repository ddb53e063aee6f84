/**
 * Staff identities: accounts apart from customers, a password plus a second factor that cannot be
 * skipped (TOTP, one-time recovery codes), sessions with idle and absolute limits, a
 * re-authentication window, sign-out everywhere, and an audit entry for every sign-in and failure.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaffServices, type StaffServices } from '../../src/staff/staff.service.ts';
import {
  defaultStaffLimits,
  staffSessionPolicy,
  type StaffSession,
} from '../../src/staff/staff-sign-in.service.ts';
import { totpCode } from '../../src/staff/totp.ts';
import { RecordingAudit } from '../support/recording-audit.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

let services: TestServices;
let staff: StaffServices;
const audit = new RecordingAudit();
let clock = new Date('2026-12-04T09:00:00Z');
const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
const owner = { kind: 'system', id: 'cli' } as const;
const client = '192.0.2.1';

beforeAll(async () => {
  services = await createTestServices();
  staff = createStaffServices({
    db: services.database.db,
    vault: services.vault,
    audit,
    manifest: () => services.policy.manifest,
    modules: () => [],
    restricted: () => Promise.resolve(false),
    now: () => clock,
  });
}, 120_000);
afterAll(() => services?.close());
beforeEach(() => audit.clear());

async function session(secret: string): Promise<StaffSession> {
  const s = await staff.signIn.resolve(secret);
  if (!s) throw new Error('no session');
  return s;
}

/** Signs in through enrolment; returns the TOTP secret, the full session and recovery codes. */
async function enrol(username: string, password: string) {
  const pending = await staff.signIn.password(username, password, client);
  const enrolment = await staff.signIn.beginEnrolment(await session(pending));
  const { secret, recoveryCodes } = await staff.signIn.confirmEnrolment(
    await session(pending),
    totpCode(enrolment.secret, clock),
    client,
  );
  return { totp: enrolment.secret, secret, recoveryCodes, enrolment };
}

describe('staff accounts', () => {
  it('adds a member with manifest roles, audited, and refuses unknown roles and weak passwords', async () => {
    const m = await staff.accounts.add(
      { username: 'Aino.K', password: 'correct horse battery', roles: ['owner', 'dpo'] },
      owner,
    );
    expect(m).toMatchObject({ username: 'aino.k', roles: ['dpo', 'owner'], mfaEnrolled: false });
    expect(audit.events).toEqual([
      {
        actor: owner,
        action: 'staff.add',
        outcome: 'ok',
        detail: { staffId: m.id, roles: 'dpo,owner' },
      },
    ]);
    await expect(
      staff.accounts.add(
        { username: 'x.y', password: 'correct horse battery', roles: ['root'] },
        owner,
      ),
    ).rejects.toThrow(/Unknown role: root/);
    await expect(
      staff.accounts.add({ username: 'x.y', password: 'password', roles: ['dpo'] }, owner),
    ).rejects.toThrow(/too common/);
    await expect(
      staff.accounts.add(
        { username: 'a@b.fi', password: 'correct horse battery', roles: ['dpo'] },
        owner,
      ),
    ).rejects.toThrow(/username/);
    await expect(
      staff.accounts.add(
        { username: 'aino.k', password: 'correct horse battery', roles: ['dpo'] },
        owner,
      ),
    ).rejects.toThrow(/taken/);
  });

  it('keeps the last active owner', async () => {
    const [aino] = await staff.accounts.list();
    await expect(staff.accounts.disable(aino!.id, owner)).rejects.toThrow(/last active owner/);
    await expect(staff.accounts.setRoles(aino!.id, ['dpo'], owner)).rejects.toThrow(
      /last active owner/,
    );
  });
});

describe('staff sign-in', () => {
  it('cannot proceed past the password without the second factor, and enrols by QR code', async () => {
    await staff.accounts.add(
      { username: 'cs.one', password: 'long enough secret', roles: ['customer_service'] },
      owner,
    );
    const pending = await staff.signIn.password('cs.one', 'long enough secret', client);
    const s = await session(pending);
    expect(s).toMatchObject({ mfa: false, enrolled: false });
    const enrolment = await staff.signIn.beginEnrolment(s);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Custodian:cs\.one\?/);
    expect(enrolment.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrolment.qr.split(',')[1]!, 'base64').toString()).not.toMatch(/<script/i);
    await expect(staff.signIn.confirmEnrolment(s, '000000', client)).rejects.toThrow(/code/);
    const { secret, recoveryCodes } = await staff.signIn.confirmEnrolment(
      s,
      totpCode(enrolment.secret, clock),
      client,
    );
    expect(recoveryCodes).toHaveLength(10);
    expect(await staff.signIn.resolve(pending)).toBeUndefined(); // rotated
    expect(await session(secret)).toMatchObject({ mfa: true, enrolled: true });
    expect(audit.actions()).toEqual(['staff.add', 'staff.sign_in_failed', 'staff.sign_in']);
    // Stored only hashed: no recovery code and no TOTP secret in clear in the tables.
    const rows = JSON.stringify([
      await services.database.db.selectFrom('staff_recovery_codes').selectAll().execute(),
      await services.database.db.selectFrom('staff_accounts').selectAll().execute(),
    ]);
    expect(rows).not.toContain(recoveryCodes[0]!.replace(/-/g, ''));
    expect(rows).not.toContain(recoveryCodes[0]);
    expect(rows).not.toContain(enrolment.secret);
  });

  it('signs in with a code once, refuses a replayed code, accepts a recovery code once', async () => {
    await staff.accounts.add(
      { username: 'fin', password: 'finance secret 1', roles: ['finance'] },
      owner,
    );
    const { totp, recoveryCodes } = await enrol('fin', 'finance secret 1');
    tick(60_000);
    audit.clear();
    const code = totpCode(totp, clock);
    const p1 = await staff.signIn.password('fin', 'finance secret 1', client);
    const full = await staff.signIn.secondFactor(await session(p1), code, client);
    expect((await session(full)).mfa).toBe(true);
    const p2 = await staff.signIn.password('fin', 'finance secret 1', client);
    await expect(staff.signIn.secondFactor(await session(p2), code, client)).rejects.toThrow();
    const p3 = await staff.signIn.password('fin', 'finance secret 1', client);
    await staff.signIn.secondFactor(await session(p3), recoveryCodes[3]!.toUpperCase(), client);
    const p4 = await staff.signIn.password('fin', 'finance secret 1', client);
    await expect(
      staff.signIn.secondFactor(await session(p4), recoveryCodes[3]!, client),
    ).rejects.toThrow();
    expect(audit.actions()).toEqual([
      'staff.sign_in',
      'staff.sign_in_failed',
      'staff.sign_in',
      'staff.sign_in_failed',
    ]);
    expect(audit.events[2]!.detail).toMatchObject({ factor: 'recovery_code' });
  });

  it('answers an unknown name, a wrong password and a disabled account alike, audited without the name', async () => {
    const wrong = (u: string, p: string) => staff.signIn.password(u, p, '192.0.2.99');
    for (const [u, p] of [
      ['nobody', 'whatever secret'],
      ['fin', 'not the password'],
    ] as const)
      await expect(wrong(u, p)).rejects.toThrow('The username or password is not correct.');
    expect(audit.actions()).toEqual(['staff.sign_in_failed', 'staff.sign_in_failed']);
    expect(JSON.stringify(audit.events)).not.toContain('nobody');
    expect(audit.events[0]!.actor).toEqual({ kind: 'system', id: 'staff-sign-in' });
  });

  it('throttles repeated failures per account', async () => {
    const limits = defaultStaffLimits();
    const throttled = createStaffServices({
      db: services.database.db,
      vault: services.vault,
      audit,
      manifest: () => services.policy.manifest,
      modules: () => [],
      restricted: () => Promise.resolve(false),
      limits,
      now: () => clock,
    });
    for (let i = 0; i < 5; i++)
      await expect(throttled.signIn.password('fin', 'bad guess', `10.0.0.${i}`)).rejects.toThrow(
        /not correct/,
      );
    await expect(throttled.signIn.password('fin', 'bad guess', '10.0.0.9')).rejects.toThrow(
      /not correct/,
    );
    await expect(throttled.signIn.password('fin', 'finance secret 1', '10.0.0.10')).rejects.toThrow(
      /Too many attempts/,
    );
  });

  it('ends a session after the idle timeout, the absolute lifetime, and a pending one quickly', async () => {
    await staff.accounts.add(
      { username: 'log', password: 'logistics pass', roles: ['logistics'] },
      owner,
    );
    const { totp, secret } = await enrol('log', 'logistics pass');
    tick(staffSessionPolicy.idleMs - 1000);
    expect(await staff.signIn.resolve(secret)).toBeDefined();
    tick(staffSessionPolicy.idleMs + 1000);
    expect(await staff.signIn.resolve(secret)).toBeUndefined();

    const p = await staff.signIn.password('log', 'logistics pass', client);
    const active = await staff.signIn.secondFactor(await session(p), totpCode(totp, clock), client);
    for (let t = 0; t < staffSessionPolicy.absoluteMs; t += staffSessionPolicy.idleMs - 60_000) {
      tick(staffSessionPolicy.idleMs - 60_000);
      if (t + staffSessionPolicy.idleMs < staffSessionPolicy.absoluteMs - 60_000)
        expect(await staff.signIn.resolve(active)).toBeDefined();
    }
    tick(60_000);
    expect(await staff.signIn.resolve(active)).toBeUndefined();

    const pending = await staff.signIn.password('log', 'logistics pass', client);
    tick(staffSessionPolicy.pendingMs + 1000);
    expect(await staff.signIn.resolve(pending)).toBeUndefined();
  });

  it('needs a recent re-authentication before a reveal, and signs out everywhere', async () => {
    const p = await staff.signIn.password('log', 'logistics pass', client);
    const s0 = await session(p);
    const row = await services.database.db
      .selectFrom('staff_accounts')
      .select(['id', 'totp_secret_sealed'])
      .where('username', '=', 'log')
      .executeTakeFirstOrThrow();
    const totp = (await services.vault.open(
      services.database.db,
      row.id,
      'profile',
      row.totp_secret_sealed!,
      'staff_totp',
    )) as string;
    tick(31_000);
    const full = await staff.signIn.secondFactor(s0, totpCode(totp, clock), client);
    const other = await (async () => {
      tick(31_000);
      const q = await staff.signIn.password('log', 'logistics pass', client);
      return staff.signIn.secondFactor(await session(q), totpCode(totp, clock), client);
    })();
    const s = await session(full);
    expect(() => staff.signIn.requireRecentReauth(s)).toThrow(/Confirm your password/);
    tick(31_000);
    await expect(
      staff.signIn.reauthenticate(s, 'wrong password', totpCode(totp, clock), client),
    ).rejects.toThrow();
    await staff.signIn.reauthenticate(s, 'logistics pass', totpCode(totp, clock), client);
    // The session as read before the re-authentication still says none.
    expect(() => staff.signIn.requireRecentReauth(s)).toThrow();
    const fresh = await session(full);
    expect(() => staff.signIn.requireRecentReauth(fresh)).not.toThrow();
    tick(staffSessionPolicy.reauthMs + 1000);
    expect(() => staff.signIn.requireRecentReauth(fresh)).toThrow();

    audit.clear();
    expect(await staff.signIn.signOutEverywhere(s.staffId, { kind: 'staff', id: s.staffId })).toBe(
      2,
    );
    expect(await staff.signIn.resolve(full)).toBeUndefined();
    expect(await staff.signIn.resolve(other)).toBeUndefined();
    expect(audit.actions()).toEqual(['staff.sign_out_everywhere']);
  });

  it('disabling an account ends its sessions at once', async () => {
    const p = await staff.signIn.password('fin', 'finance secret 1', client);
    const fin = await session(p);
    await staff.accounts.disable(fin.staffId, owner);
    expect(await staff.signIn.resolve(p)).toBeUndefined();
    await expect(staff.signIn.password('fin', 'finance secret 1', client)).rejects.toThrow(
      /not correct/,
    );
  });
});
