/**
 * The console pages of the breach register and of requests from authorities, through the app
 * (app.request, in process): the DPO records a breach by the form, sees its clock and the
 * Ombudsman's text, records it notified and tells the people; bad input is a 4xx that says
 * what is wrong; a role without the permission is refused; the nav shows the pages by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { updateCustomer } from '../../src/customers/customers.repository.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer, staffMember } from '../support/staff.ts';

const origin = 'http://localhost:3000';
let services: TestServices;
let app: App;
let dpo: string;
let service: string;
let owner: string;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  dpo = (await staffMember(services, ['dpo'])).cookie;
  service = (await staffMember(services, ['customer_service'])).cookie;
  owner = (await staffMember(services, ['owner'])).cookie;
}, 120_000);
afterAll(() => services?.close());

const get = (path: string, cookie: string) =>
  app.request(path, { headers: { accept: 'text/html', cookie } });
const post = (path: string, cookie: string, form: [string, string][]) =>
  app.request(path, {
    method: 'POST',
    headers: {
      accept: 'text/html',
      origin,
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });

const iso = (d: Date) => d.toISOString().slice(0, 16);

function breachForm(discovered: Date, extra: [string, string][] = []): [string, string][] {
  return [
    ['nature', 'confidentiality'],
    ['description', 'A staff laptop with an unencrypted export was stolen.'],
    ['discoveredAt', iso(discovered)],
    ['categories', 'user.name'],
    ['categories', 'user.contact.email'],
    ['approxPeople', '40'],
    ['approxRecords', '80'],
    ['consequences', 'phishing'],
    ['consequencesText', 'Scam mail is likely.'],
    ['measures', 'passwords_reset'],
    ['measuresText', 'Remote wipe requested.'],
    ['risk', 'high'],
    ['assessment', 'Names with a lingerie store: high risk.'],
    ...extra,
  ];
}

describe('the breach register console', () => {
  it('records a breach by the form, shows its clock and the Ombudsman’s text, in Finnish too', async () => {
    const res = await post(
      '/staff/breaches',
      dpo,
      breachForm(new Date(Date.now() - 5 * 3_600_000)),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/staff\/breaches\/[0-9a-f-]{36}$/);
    const page = await (await get(location, dpo)).text();
    expect(page).toContain('Open: 66 h left');
    expect(page).toContain('Petteri Pucilowski');
    expect(page).toContain('(d) Measures taken or proposed');
    const fi = await (await get(`${location}?lang=fi`, dpo)).text();
    expect(fi).toContain('Avoinna: 66 h jäljellä');
    expect(fi).toContain('Todennäköiset seuraukset');

    const list = await (await get('/staff/breaches', dpo)).text();
    expect(list).toContain(location);
    expect(list).toContain('href="/staff/breaches"');
  });

  it('a breach recorded after 72 hours without reasons is a 400 naming the field; with them it shows late', async () => {
    const discovered = new Date(Date.now() - 73 * 3_600_000);
    const refused = await app.request('/staff/breaches', {
      method: 'POST',
      headers: {
        accept: 'application/json',
        origin,
        cookie: dpo,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(breachForm(discovered)).toString(),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { message: string; fields: Record<string, string> };
    expect(body.message).toContain('72 hours');
    expect(body.fields.delayReason).toBeTruthy();

    const res = await post(
      '/staff/breaches',
      dpo,
      breachForm(discovered, [['delayReason', 'The theft was reported to us late.']]),
    );
    const page = await (await get(res.headers.get('location')!, dpo)).text();
    expect(page).toMatch(/Late by [12] h/);
    expect(page).toContain('The theft was reported to us late.');
    expect(page).toContain('Reasons for the delay');
  });

  it('tells the people through the form and records the notification sent', async () => {
    const c = await profiledCustomer(services, { name: 'Liisa', email: 'liisa@example.fi' });
    await updateCustomer(services.database.db, c.id, { lang: 'fi' });
    const res = await post('/staff/breaches', dpo, breachForm(new Date(Date.now() - 60_000)));
    const location = res.headers.get('location')!;
    const told = await post(`${location}/notify-people`, dpo, [
      ['by', 'category'],
      ['key', 'user.contact.email'],
      ['from', ''],
      ['to', ''],
    ]);
    expect(told.status).toBe(200);
    expect(await told.text()).toMatch(/Found \d+: \d+ told now/);
    const notified = await post(`${location}/authority-notified`, dpo, [
      ['reference', 'TSV/123/2026'],
      ['at', ''],
      ['delayReason', ''],
    ]);
    expect(notified.status).toBe(303);
    expect(await (await get(location, dpo)).text()).toContain('Notified on time');
  });

  it('bad input is a 4xx, never a 5xx', async () => {
    for (const form of [
      [],
      [['nature', 'nope']],
      breachForm(new Date(Date.now() + 3_600_000)),
      breachForm(new Date(), [['approxPeople', '-1']]),
      breachForm(new Date(), [['categories', 'user.nope']]),
    ] as [string, string][][]) {
      const res = await post('/staff/breaches', dpo, form);
      expect(res.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(form)).toBeLessThan(500);
    }
    expect((await get('/staff/breaches/not-a-uuid', dpo)).status).toBe(404);
  });

  it('refuses roles without the permission, and shows the nav by role', async () => {
    expect((await get('/staff/breaches', service)).status).toBe(403);
    expect((await post('/staff/breaches', owner, breachForm(new Date()))).status).toBe(403);
    const ownerList = await get('/staff/breaches', owner);
    expect(ownerList.status).toBe(200);
    const html = await ownerList.text();
    expect(html).not.toContain('action="/staff/breaches"');
    expect(html).not.toContain('href="/staff/authority-requests"');
    expect(await (await get('/staff', service)).text()).not.toContain('href="/staff/breaches"');
    expect((await get('/staff/authority-requests', owner)).status).toBe(403);
  });
});

describe('requests from authorities in the console', () => {
  it('discloses through the gate, shows what was given and lists it with its withheld reason', async () => {
    const c = await profiledCustomer(services, { name: 'Aino Virtanen', email: 'aino@example.fi' });
    const res = await post('/staff/authority-requests', dpo, [
      ['pseudonym', c.pseudonym],
      ['authority', 'Verohallinto'],
      ['provision', 'Verotusmenettelylaki 1558/1995 19 §'],
      ['request', 'Sales to one buyer'],
      ['fields', 'name'],
      ['informSubject', 'no'],
      ['withheldReason', 'Ongoing tax audit: the authority forbade telling.'],
    ]);
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('Aino Virtanen');
    const list = await (await get('/staff/authority-requests', dpo)).text();
    expect(list).toContain('Verohallinto');
    expect(list).toContain('Ongoing tax audit');
    expect(list).not.toContain('Aino Virtanen');
  });

  it('a gag without its reason, or an unknown person, is a 4xx', async () => {
    const c = await profiledCustomer(services, { name: 'Eero', email: 'eero@example.fi' });
    const base: [string, string][] = [
      ['authority', 'Poliisi'],
      ['provision', 'Poliisilaki 4:3'],
      ['request', 'x'],
      ['fields', 'name'],
    ];
    const gag = await post('/staff/authority-requests', dpo, [
      ['pseudonym', c.pseudonym],
      ...base,
      ['informSubject', 'no'],
    ]);
    expect(gag.status).toBe(400);
    const unknown = await post('/staff/authority-requests', dpo, [
      ['pseudonym', 'AAAAAAAAAAAAAAAAAAAAAA'],
      ...base,
      ['informSubject', 'yes'],
    ]);
    expect(unknown.status).toBe(404);
  });
});
