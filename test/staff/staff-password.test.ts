/**
 * A staff member changes their own password at /staff/account/password: only with the current
 * password and a fresh code, only to one that follows the rules; the new one is an argon2id hash,
 * the member's other sessions end and this one stays, and the change is audited (a refused try
 * too, as denied). The typed passwords appear nowhere in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { newSecret } from '../../src/customers/secret-token.ts';
import * as repo from '../../src/staff/staff.repository.ts';
import { totpCode } from '../../src/staff/totp.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
}, 120_000);
afterAll(() => services?.close());

const send = (cookie: string, form: Record<string, string>) =>
  app.request('/staff/account/password?lang=en', {
    method: 'POST',
    headers: {
      cookie,
      origin: 'http://localhost:3000',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
const nextCode = (totp: string, steps: number) =>
  totpCode(totp, new Date(Date.now() + steps * 30_000));
const get = (cookie: string) =>
  app.request('/staff/account/password?lang=en', { headers: { cookie, accept: 'text/html' } });

describe('own password change', () => {
  it('needs the current password and a code; the rules hold; the rest is refused', async () => {
    const m = await staffMember(services, ['marketing']);
    const before = (await repo.findStaffById(services.database.db, m.id))!.password_hash;
    const wrong = await send(m.cookie, {
      current: 'not my password',
      code: nextCode(m.totp, 1),
      next: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('The current password or the code is not correct.');
    const short = await send(m.cookie, {
      current: m.password,
      code: nextCode(m.totp, 1),
      next: 'short',
    });
    expect(short.status).toBe(400);
    const same = await send(m.cookie, {
      current: m.password,
      code: nextCode(m.totp, 1),
      next: m.password,
    });
    expect(same.status).toBe(400);
    expect((await repo.findStaffById(services.database.db, m.id))!.password_hash).toBe(before);
    const denied = await services.audit.list({ staffId: m.id, action: 'staff.password_change' });
    expect(denied.map((e) => e.outcome)).toEqual(['denied']);
  });

  it('changes it: argon2id, other sessions end, this one stays, audited', async () => {
    const m = await staffMember(services, ['logistics']);
    // A second session of the same member, as on another device.
    const other = newSecret();
    const now = new Date();
    await repo.insertStaffSession(services.database.db, {
      id_hash: other.hash,
      staff_id: m.id,
      created_at: now,
      last_seen_at: now,
      mfa_at: now,
      reauth_at: null,
    });
    const res = await send(m.cookie, {
      current: m.password,
      code: nextCode(m.totp, 1),
      next: 'kuopio harbour at dawn',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Other sessions signed out: 1');
    expect((await get(m.cookie)).status).toBe(200);
    expect((await get(`hs_staff=${other.secret}`)).status).toBe(303); // to the sign-in page

    const row = (await repo.findStaffById(services.database.db, m.id))!;
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    const { signIn } = services.staff;
    await expect(signIn.password(m.username, m.password, '203.0.113.9')).rejects.toThrow();
    expect(await signIn.password(m.username, 'kuopio harbour at dawn', '203.0.113.9')).toBeTruthy();

    const entries = await services.audit.list({ staffId: m.id, action: 'staff.password_change' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'ok', detail: { sessionsEnded: 1 } });
    expect(JSON.stringify(await services.audit.list({ staffId: m.id }))).not.toMatch(
      /kuopio harbour|staff member secret/,
    );
  });

  it('is in en, fi and sv', async () => {
    const m = await staffMember(services, ['finance']);
    for (const [lang, title] of [
      ['en', 'Change your password'],
      ['fi', 'Vaihda salasanasi'],
      ['sv', 'Byt ditt lösenord'],
    ] as const) {
      const res = await app.request(`/staff/account/password?lang=${lang}`, {
        headers: { cookie: m.cookie },
      });
      expect(await res.text()).toContain(title);
    }
  });
});
