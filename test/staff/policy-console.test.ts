/**
 * The console's policy page (issue 14): a DPO sees the published versions and whether the
 * manifest file has a change to publish; publishing needs the note in all three languages and a
 * changed manifest; a role without `policy.publish` is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
let dpo: string;
let other: string;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  dpo = (await staffMember(services, ['dpo'])).cookie;
  other = (await staffMember(services, ['customer_service'])).cookie;
}, 120_000);
afterAll(() => services?.close());

const post = (cookie: string, body: Record<string, string>) =>
  app.request('/staff/policy/publish', {
    method: 'POST',
    headers: {
      accept: 'application/json',
      origin: 'http://localhost:3000',
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
    },
    body: new URLSearchParams(body).toString(),
  });

describe('the console policy page', () => {
  it('lists the published versions for a DPO, in Finnish too', async () => {
    const res = await app.request('/staff/policy?lang=fi', { headers: { cookie: dpo } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Julkaistut versiot');
    expect(page).toContain('href="/privacy?version=1"');
    expect(page).toContain('julkaistavaa ei ole');
  });

  it('refuses a missing note with the field named, and content already published', async () => {
    const missing = await post(dpo, { note_en: 'New address.', note_fi: 'Uusi osoite.' });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { fields: Record<string, string> };
    expect(Object.keys(body.fields)).toEqual(['note_sv']);
    const same = await post(dpo, {
      note_en: 'New address.',
      note_fi: 'Uusi osoite.',
      note_sv: 'Ny adress.',
      significant: '1',
    });
    expect(same.status).toBe(409);
    expect(await services.policy.listVersions()).toHaveLength(1);
  });

  it('is forbidden to a role without the permission', async () => {
    expect((await app.request('/staff/policy', { headers: { cookie: other } })).status).toBe(403);
    expect((await post(other, { note_en: 'a', note_fi: 'b', note_sv: 'c' })).status).toBe(403);
  });
});
