/**
 * The campaign pages of the staff console (P37): a marketing member writes a campaign in three
 * languages, previews it, and sends it as a job; the page shows the progress; other roles are
 * refused; a campaign with a language missing is answered 400 with what is missing; every
 * action is in the audit log under the member's account id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { testDbKind } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';
import { addSubscribers } from './subscribers.ts';

let services: TestServices;
let app: App;
let marketing: { id: string; cookie: string };
let service: { cookie: string };

beforeAll(async () => {
  services = await createTestServices({}, {});
  app = createApp(services);
  marketing = await staffMember(services, ['marketing']);
  service = await staffMember(services, ['customer_service']);
  await services.jobs.start();
}, 120_000);
afterAll(async () => {
  await services?.jobs.stop();
  await services?.close();
});

const headers = (cookie: string, form = false) => ({
  cookie,
  accept: 'text/html',
  origin: 'http://localhost:3000',
  ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
});

const form = {
  subject_en: 'Autumn lace',
  subject_fi: 'Syksyn pitsit',
  subject_sv: 'Höstens spets',
  body_en: 'New lace sets are in.',
  body_fi: 'Uudet pitsisetit ovat tulleet.',
  body_sv: 'Nya spetsset har kommit.',
};

describe(`the campaign console (${testDbKind})`, () => {
  it('writes, previews and sends a campaign as a job, showing its progress', async () => {
    const subscribers = await addSubscribers(services, 30);
    const list = await app.request('/staff/campaigns?lang=fi', {
      headers: headers(marketing.cookie),
    });
    expect(list.status).toBe(200);
    const listPage = await list.text();
    expect(listPage).toContain('href="/staff/campaigns"');
    expect(listPage).toContain('Uusi uutiskirjekampanja');

    const created = await app.request('/staff/campaigns', {
      method: 'POST',
      headers: headers(marketing.cookie, true),
      body: new URLSearchParams(form).toString(),
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/staff\/campaigns\/[0-9a-f-]{36}$/);
    const id = location.split('/').at(-1)!;

    const preview = await (
      await app.request(`${location}?lang=sv`, { headers: headers(marketing.cookie) })
    ).text();
    for (const text of ['Syksyn pitsit', 'Höstens spets', 'Autumn lace', 'Uudet pitsisetit'])
      expect(preview).toContain(text);
    expect(preview).toContain('Avsluta prenumerationen med ett klick');
    expect(preview).toContain(`action="/staff/campaigns/${id}/send"`);

    const send = await app.request(`/staff/campaigns/${id}/send`, {
      method: 'POST',
      headers: headers(marketing.cookie, true),
      body: '',
    });
    expect(send.status).toBe(303);
    // The job runs in the background (pg-boss polls every 2 s): wait for it to finish.
    let status = '';
    for (let i = 0; i < 60 && status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await services.campaigns.progress(id)).status;
    }
    expect(await services.campaigns.progress(id)).toMatchObject({
      status: 'sent',
      sent: subscribers.length,
    });
    const done = await (
      await app.request(`${location}?lang=en`, { headers: headers(marketing.cookie) })
    ).text();
    expect(done).toContain(`<progress max="${subscribers.length}" value="${subscribers.length}"`);
    expect(done).not.toContain('/send"');

    const audited = await services.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['campaign.create', 'campaign.send'])
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['campaign.create', 'campaign.send']);
    expect(audited.every((a) => a.actor_id === marketing.id)).toBe(true);
  }, 120_000);

  it('refuses other roles and answers a missing language with 400', async () => {
    const refused = await app.request('/staff/campaigns', {
      headers: { ...headers(service.cookie), accept: 'application/json' },
    });
    expect(refused.status).toBe(403);
    const page = await app.request('/staff?lang=en', { headers: headers(service.cookie) });
    expect(await page.text()).not.toContain('href="/staff/campaigns"');

    const missing = await app.request('/staff/campaigns', {
      method: 'POST',
      headers: { ...headers(marketing.cookie, true), accept: 'application/json' },
      body: new URLSearchParams({ ...form, body_sv: '' }).toString(),
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('body_sv');
    // Bad shapes: JSON instead of a form, a subject of two lines, a body too long, repeated fields.
    for (const [type, body] of [
      ['application/json', JSON.stringify(form)],
      [
        'application/x-www-form-urlencoded',
        new URLSearchParams({ ...form, subject_fi: 'a\nb' }).toString(),
      ],
      [
        'application/x-www-form-urlencoded',
        new URLSearchParams({ ...form, body_en: 'x'.repeat(20_001) }).toString(),
      ],
      [
        'application/x-www-form-urlencoded',
        `${new URLSearchParams(form).toString()}&subject_en=&subject_en=`,
      ],
      ['text/plain', '\u0000'],
    ] as const) {
      const res = await app.request('/staff/campaigns', {
        method: 'POST',
        headers: { ...headers(marketing.cookie), accept: 'application/json', 'content-type': type },
        body,
      });
      expect([400, 415, 422], type).toContain(res.status);
    }
    const unknown = await app.request('/staff/campaigns/not-a-campaign', {
      headers: { ...headers(marketing.cookie), accept: 'application/json' },
    });
    expect(unknown.status).toBe(404);
  });
});
