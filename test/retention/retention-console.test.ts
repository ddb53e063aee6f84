/**
 * Retention in the staff console and the staff API (issue 13): the page shows the plan per rule,
 * the last runs with per-sweep counts and the holds in force (target by pseudonym or order
 * number, never the reason); the DPO places, extends and releases holds through the console's
 * forms and through personal API tokens, each audited without the reason in clear; a role
 * without `retention.hold` gets 403, a cross-site post 403, and bad input a 4xx with its message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';
import { createFullCustomer, type FullCustomer } from '../rights/full-customer.ts';
import { totpCode } from '../../src/staff/totp.ts';

const origin = 'http://localhost:3000';
const REASON = 'Chargeback dispute 2031-17 with Kuopio store';
const DAY = 86_400_000;
const dayIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** The hold's end for a last day: the midnight after it (as the CLI and the console set it). */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY);

let services: TestServices;
let smtp: TestSmtp;
let app: App;
let dpo: Awaited<ReturnType<typeof staffMember>>;
let owner: { cookie: string };
let dpoToken: string;
let ownerToken: string;

async function makeToken(cookie: string): Promise<string> {
  const res = await app.request('/staff/tokens', {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'label=holds+script',
  });
  expect(res.status).toBe(201);
  return /data-new-token="">(cst_[A-Za-z0-9_-]{43})</.exec(await res.text())![1]!;
}

beforeAll(async () => {
  smtp = await startSmtp();
  services = await createTestServices({ SMTP_URL: smtp.url });
  app = createApp(services);
  dpo = await staffMember(services, ['dpo']);
  owner = await staffMember(services, ['owner']);
  dpoToken = await makeToken(dpo.cookie);
  ownerToken = await makeToken(owner.cookie);
}, 120_000);
afterAll(async () => {
  await services?.close();
  await smtp?.stop();
});

const db = () => services.database.db;

const page = (cookie: string, query = '') =>
  app.request(`/staff/retention${query}`, { headers: { cookie, accept: 'text/html' } });

const post = (path: string, cookie: string, form: Record<string, string>, from = origin) =>
  app.request(path, {
    method: 'POST',
    headers: {
      cookie,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      ...(from ? { origin: from } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });

const api = (path: string, token: string, body?: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function auditOf(action: string) {
  return db().selectFrom('audit_log').selectAll().where('action', '=', action).execute();
}

async function orderOf(customerId: string) {
  return db()
    .selectFrom('orders')
    .select(['id', 'reference'])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
}

describe('GET /staff/retention', () => {
  it('shows every rule of the plan and the last run with its sweeps', async () => {
    await services.retention.run('api');
    const res = await page(dpo.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const rule of Object.keys(services.policy.manifest.retention))
      expect(html).toContain(`data-rule="${rule}"`);
    const [run] = await services.retention.lastRuns(1);
    expect(html).toContain(`data-run="${run!.id}"`);
    for (const s of services.retention.sweeps.all())
      expect(html).toContain(`data-sweep="${s.name}"`);
    expect(html).toContain('Last runs');
    expect(html).toContain('href="/staff/retention"');
    // The DPO may place holds.
    expect(html).toContain('action="/staff/retention/holds"');
  });

  it('shows the owner the plan without the hold forms, in Finnish too', async () => {
    const html = await (await page(owner.cookie, '?lang=fi')).text();
    expect(html).toContain('Viimeisimmät ajot');
    expect(html).not.toContain('action="/staff/retention/holds"');
  });

  it('is refused to a role without retention.read', async () => {
    const marketing = await staffMember(services, ['marketing']);
    const res = await app.request('/staff/retention', {
      headers: { cookie: marketing.cookie, accept: 'application/json' },
    });
    expect(res.status).toBe(403);
  });
});

describe('legal holds in the console', () => {
  it('places a hold on a customer by pseudonym: audited, reason sealed, shown by pseudonym', async () => {
    const person = await profiledCustomer(services, {
      name: 'Aino Held',
      email: 'aino@example.test',
    });
    const res = await post('/staff/retention/holds', dpo.cookie, {
      kind: 'customer',
      customer: person.pseudonym,
      reason: REASON,
      until: dayIn(90),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/retention?done=placed');
    const held = (await services.retention.holds.list()).find((h) => h.target.id === person.id)!;
    expect(held.placedBy).toBe(dpo.id);
    expect(held.until).toEqual(endOf(dayIn(90)));

    const entries = (await auditOf('retention.hold')).filter((e) => e.detail?.hold === held.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_kind: 'staff', actor_id: dpo.id });
    expect(entries[0]!.subject).toBe(person.pseudonym);
    expect(JSON.stringify(entries)).not.toContain('Chargeback');
    expect(entries[0]!.reason_sealed).not.toBeNull();

    const html = await (await page(dpo.cookie, '?done=placed')).text();
    expect(html).toContain('The hold is placed.');
    expect(html).toContain(`data-hold="${held.id}"`);
    expect(html).toContain(person.pseudonym);
    expect(html).toContain(dpo.username);
    expect(html).toContain(dayIn(90));
    expect(html).not.toContain('Chargeback');
    expect(html).not.toContain(person.id);
  });

  it('places a hold on an order by its number, extends it and releases it once', async () => {
    const person = await createFullCustomer(services);
    const order = await orderOf(person.customerId);
    expect(
      (
        await post('/staff/retention/holds', dpo.cookie, {
          kind: 'order',
          order: order.reference,
          reason: REASON,
          until: dayIn(30),
        })
      ).status,
    ).toBe(303);
    const held = (await services.retention.holds.list()).find((h) => h.target.id === order.id)!;
    expect(held.target.kind).toBe('order');
    expect(await (await page(dpo.cookie)).text()).toContain(order.reference);

    const extended = await post(`/staff/retention/holds/${held.id}/extend`, dpo.cookie, {
      until: dayIn(60),
    });
    expect(extended.status).toBe(303);
    const after = (await services.retention.holds.list()).find((h) => h.id === held.id)!;
    expect(after.until).toEqual(endOf(dayIn(60)));
    const ext = (await auditOf('retention.hold_extend')).filter((e) => e.detail?.hold === held.id);
    expect(ext).toHaveLength(1);
    expect(ext[0]).toMatchObject({ actor_kind: 'staff', actor_id: dpo.id });
    expect(ext[0]!.reason_sealed).toBeNull();

    const released = await post(`/staff/retention/holds/${held.id}/release`, dpo.cookie, {});
    expect(released.status).toBe(303);
    expect((await services.retention.holds.list()).some((h) => h.id === held.id)).toBe(false);
    expect(
      (await auditOf('retention.hold_release')).filter((e) => e.detail?.hold === held.id),
    ).toHaveLength(1);

    const again = await post(`/staff/retention/holds/${held.id}/release`, dpo.cookie, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This hold was already released.');
  });

  it('answers bad input with a 4xx and its message on the page, never a 500', async () => {
    const person = await profiledCustomer(services, {
      name: 'Bad Input',
      email: 'bad@example.test',
    });
    const good = { kind: 'customer', customer: person.pseudonym, reason: REASON, until: dayIn(10) };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...good, kind: 'both' }, 400, 'Choose whether the hold is on a customer or on an order.'],
      [{ ...good, kind: '', order: 'X-1' }, 400, 'Choose whether the hold is on a customer'],
      [{ ...good, customer: 'AAAAAAAAAAAAAAAAAAAAAA' }, 404, 'No customer has this pseudonym.'],
      [{ ...good, customer: "'; drop table x" }, 404, 'No customer has this pseudonym.'],
      [{ ...good, kind: 'order', order: 'NO-SUCH-1' }, 404, 'No order has this number.'],
      [{ ...good, reason: 'x' }, 400, 'The reason must be 3 to 2000 characters.'],
      [{ ...good, until: '2031-02-30' }, 400, 'Give the last day as a date like 2031-12-31.'],
      [{ ...good, until: 'tomorrow' }, 400, 'Give the last day as a date like 2031-12-31.'],
      [{ ...good, until: dayIn(-2) }, 400, 'The last day must be in the future.'],
      [{ ...good, until: dayIn(365 * 30) }, 400, 'The last day must be no later than'],
    ];
    for (const [form, status, message] of cases) {
      const res = await post('/staff/retention/holds', dpo.cookie, form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      expect(await res.text(), JSON.stringify(form)).toContain(message);
    }
    expect((await services.retention.holds.list()).some((h) => h.target.id === person.id)).toBe(
      false,
    );

    const fi = await post('/staff/retention/holds?lang=fi', dpo.cookie, { ...good, reason: '' });
    expect(fi.status).toBe(400);
    expect(await fi.text()).toContain('Syyn pituuden on oltava 3–2000 merkkiä.');

    expect((await post('/staff/retention/holds', dpo.cookie, good)).status).toBe(303);
    const held = (await services.retention.holds.list()).find((h) => h.target.id === person.id)!;
    const extend = (until: string, id = held.id) =>
      post(`/staff/retention/holds/${id}/extend`, dpo.cookie, { until });
    const earlier = await extend(dayIn(5));
    expect(earlier.status).toBe(400);
    expect(await earlier.text()).toContain(
      `The new last day must be later than the current one (${dayIn(10)}).`,
    );
    expect((await extend('')).status).toBe(400);
    expect((await extend(dayIn(20), 'not-a-hold')).status).toBe(404);
    expect((await extend(dayIn(20), crypto.randomUUID())).status).toBe(404);
    expect(
      (await post(`/staff/retention/holds/${crypto.randomUUID()}/release`, dpo.cookie, {})).status,
    ).toBe(404);
  });

  it('refuses a role without retention.hold (403) and a post without CSRF origin (403)', async () => {
    const person = await profiledCustomer(services, {
      name: 'No Hold',
      email: 'nohold@example.test',
    });
    const form = { kind: 'customer', customer: person.pseudonym, reason: REASON, until: dayIn(10) };
    const asOwner = await app.request('/staff/retention/holds', {
      method: 'POST',
      headers: {
        cookie: owner.cookie,
        origin,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
    expect(asOwner.status).toBe(403);
    expect((await post('/staff/retention/holds', dpo.cookie, form, '')).status).toBe(403);
    expect(
      (await post('/staff/retention/holds', dpo.cookie, form, 'https://evil.example')).status,
    ).toBe(403);
    expect((await services.retention.holds.list()).some((h) => h.target.id === person.id)).toBe(
      false,
    );
  });
});

describe("a hold's sealed reason in the console", () => {
  it('is shown to the DPO after re-authentication, with why, audited without either text', async () => {
    const person = await profiledCustomer(services, {
      name: 'Seal Ed',
      email: 'seal@example.test',
    });
    await post('/staff/retention/holds', dpo.cookie, {
      kind: 'customer',
      customer: person.pseudonym,
      reason: REASON,
      until: dayIn(20),
    });
    const hold = (await services.retention.holds.list()).find((h) => h.target.id === person.id)!;
    const reveal = (cookie: string, why: string, id = hold.id) =>
      post(`/staff/retention/holds/${id}/reason`, cookie, { why });

    // Not re-authenticated: to the re-authentication page, back here after it.
    const first = await reveal(dpo.cookie, 'Court asked for it');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/staff/reauth?next=%2Fstaff%2Fretention');
    expect(await (await page(dpo.cookie)).text()).not.toContain('Chargeback');
    const reauth = await post('/staff/reauth', dpo.cookie, {
      password: dpo.password,
      code: totpCode(dpo.totp, new Date(Date.now() + 30_000)),
      next: '/staff/retention',
    });
    expect(reauth.status).toBe(303);

    const short = await reveal(dpo.cookie, 'why');
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Say why you need to see this (5–500 characters).');
    expect((await reveal(dpo.cookie, 'Court asked for it', crypto.randomUUID())).status).toBe(404);

    const shown = await reveal(dpo.cookie, 'Court asked for it');
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(`Reason of this hold: ${REASON}`);
    const entries = (await auditOf('retention.hold_reason')).filter(
      (e) => e.detail?.hold === hold.id,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_kind: 'staff',
      actor_id: dpo.id,
      subject: person.pseudonym,
      access: 'revealed',
      outcome: 'ok',
    });
    expect(entries[0]!.reason_sealed).not.toBeNull();
    expect(JSON.stringify(entries)).not.toContain('Chargeback');
    expect(JSON.stringify(entries)).not.toContain('Court asked');

    const asOwner = await app.request(`/staff/retention/holds/${hold.id}/reason`, {
      method: 'POST',
      headers: {
        cookie: owner.cookie,
        origin,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'why=Court+asked+for+it',
    });
    expect(asOwner.status).toBe(403);
  });
});

describe('legal holds through the staff API', () => {
  it('places, extends and releases with a personal token, audited under its holder', async () => {
    const person = await profiledCustomer(services, {
      name: 'Api Held',
      email: 'api@example.test',
    });
    const placed = await api('/api/staff/retention/holds', dpoToken, {
      customer: person.pseudonym,
      reason: REASON,
      until: dayIn(40),
    });
    expect(placed.status).toBe(201);
    const hold = (await placed.json()) as { id: string; placedBy: string; until: string };
    expect(hold.placedBy).toBe(dpo.id);
    expect(new Date(hold.until)).toEqual(endOf(dayIn(40)));
    expect(JSON.stringify(hold)).not.toContain('Chargeback');
    const audit = (await auditOf('retention.hold')).filter((e) => e.detail?.hold === hold.id);
    expect(audit.map((e) => [e.actor_kind, e.actor_id])).toEqual([['staff', dpo.id]]);
    expect(JSON.stringify(audit)).not.toContain('Chargeback');

    const ext = await api(`/api/staff/retention/holds/${hold.id}/extend`, dpoToken, {
      until: dayIn(50),
    });
    expect(ext.status).toBe(200);
    expect(new Date(((await ext.json()) as { until: string }).until)).toEqual(endOf(dayIn(50)));
    const rel = await api(`/api/staff/retention/holds/${hold.id}/release`, dpoToken);
    expect(rel.status).toBe(200);
    expect(((await rel.json()) as { active: boolean }).active).toBe(false);

    const again = await api(`/api/staff/retention/holds/${hold.id}/release`, dpoToken);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toBe(
      'This hold was already released.',
    );
    const gone = await api(`/api/staff/retention/holds/${crypto.randomUUID()}/extend`, dpoToken, {
      until: dayIn(50),
    });
    expect(gone.status).toBe(404);
  });

  it('places a hold on an order by id, and answers bad input with a 4xx', async () => {
    const person = await createFullCustomer(services);
    const order = await orderOf(person.customerId);
    const placed = await api('/api/staff/retention/holds', dpoToken, {
      order: order.id,
      reason: REASON,
      until: dayIn(40),
    });
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as { target: unknown }).target).toEqual({
      kind: 'order',
      id: order.id,
    });

    const bad: [unknown, number][] = [
      [{ reason: REASON, until: dayIn(10) }, 400],
      [{ customer: 'x', order: order.id, reason: REASON, until: dayIn(10) }, 400],
      [{ order: order.id, reason: 42, until: dayIn(10) }, 400],
      [{ order: order.id, reason: REASON, until: 20311231 }, 400],
      [{ order: order.id, reason: REASON, until: dayIn(-1) }, 400],
      [{ order: crypto.randomUUID(), reason: REASON, until: dayIn(10) }, 404],
      [[1, 2], 400],
    ];
    for (const [body, status] of bad) {
      const res = await api('/api/staff/retention/holds', dpoToken, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0);
    }
    const notJson = await app.request('/api/staff/retention/holds', {
      method: 'POST',
      headers: { authorization: `Bearer ${dpoToken}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
  });

  it('is refused (403) to a token whose holder lacks retention.hold', async () => {
    const person = await profiledCustomer(services, {
      name: 'Owner Api',
      email: 'oa@example.test',
    });
    const res = await api('/api/staff/retention/holds', ownerToken, {
      customer: person.pseudonym,
      reason: REASON,
      until: dayIn(10),
    });
    expect(res.status).toBe(403);
    expect(
      (
        await app.request('/api/staff/retention', {
          headers: { authorization: `Bearer ${ownerToken}` },
        })
      ).status,
    ).toBe(200);
    expect((await services.retention.holds.list()).some((h) => h.target.id === person.id)).toBe(
      false,
    );
  });
});

describe('a hold that an erasure waits on', () => {
  let person: FullCustomer;
  let holdId: string;

  it('shows the date the customer was last told, and an extension mails her the new one', async () => {
    person = await createFullCustomer(services);
    const pseudonym = await services.vault.pseudonym(db(), person.customerId);
    await post('/staff/retention/holds', dpo.cookie, {
      kind: 'customer',
      customer: pseudonym,
      reason: REASON,
      until: dayIn(100),
    });
    holdId = (await services.retention.holds.list()).find(
      (h) => h.target.id === person.customerId,
    )!.id;
    const request = await services.rights.requests.create({
      type: 'erasure',
      channel: 'self_service',
      customerId: person.customerId,
      verified: true,
    });
    await services.rights.runner.run(request.id);
    await smtp.waitFor(person.email, { subject: /kept/ });
    const today = new Date().toISOString().slice(0, 10);
    const row = async () => {
      const html = await (await page(dpo.cookie)).text();
      return html.slice(html.indexOf(`data-hold="${holdId}"`)).split('</tr>')[0]!;
    };
    expect(await row()).toContain(`${dayIn(100)}, told ${today}`);

    const before = smtp.messages.length;
    const res = await post(`/staff/retention/holds/${holdId}/extend`, dpo.cookie, {
      until: dayIn(200),
    });
    expect(res.status).toBe(303);
    const mail = await smtp.waitFor(person.email, { after: before, subject: /longer/ });
    expect(mail.text).not.toContain('Chargeback');
    expect(await row()).toContain(`${dayIn(200)}, told ${today}`);
  }, 60_000);
});
