import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import { createApp } from '../app/app.ts';
import { csvColumns } from './records.ts';
import { publishManifest } from './policy.service.ts';

const html = { accept: 'text/html' };

describe('policy routes', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  it('serves the privacy policy in the language chosen, with a switcher and the version date', async () => {
    const en = await app.request('/privacy', { headers: html });
    expect(en.status).toBe(200);
    const page = await en.text();
    expect(page).toContain('<h1>Privacy policy and cookies</h1>');
    expect(page).toContain('<time datetime="2026-12-04">4 December 2026</time>');
    expect(page).toContain('href="/privacy?lang=fi"');
    expect(page).toContain('Office of the Data Protection Ombudsman');

    const fi = await (await app.request('/privacy?lang=fi', { headers: html })).text();
    expect(fi).toContain('<html lang="fi">');
    expect(fi).toContain('Tietosuojavaltuutetun toimisto');
    expect(fi).toContain('4.12.2026');
    const sv = await (
      await app.request('/privacy', { headers: { ...html, 'accept-language': 'sv-FI,sv;q=0.9' } })
    ).text();
    expect(sv).toContain('Dataombudsmannens byrå');
    expect(sv).toContain('4 december 2026');
  });

  it('serves the cookie declaration grouped by consent category, with the settings area', async () => {
    const res = await app.request('/cookies?lang=fi', { headers: html });
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const category of ['functional', 'analytics', 'marketing', 'personalisation'])
      expect(page).toContain(`id="category-${category}"`);
    expect(page).toContain('id="settings"');
    expect(page).toContain('data-cookie-settings');
    const analytics = page.slice(
      page.indexOf('id="category-analytics"'),
      page.indexOf('id="category-marketing"'),
    );
    expect(analytics).toContain('<code>_ga</code>');
    expect(analytics).toContain('13 kuukautta');
    expect(analytics).not.toContain('hs_session');
  });

  it('serves the records of processing as HTML and CSV', async () => {
    const { manifest } = services.policy;
    const page = await (await app.request('/privacy/records', { headers: html })).text();
    for (const key of Object.keys(manifest.purposes)) expect(page).toContain(`id="record-${key}"`);
    expect(page).toContain(manifest.controller.dpo.email);

    const res = await app.request('/privacy/records.csv?lang=sv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(csvColumns.join(','));
    expect(lines).toHaveLength(1 + Object.keys(manifest.purposes).length);
    const analytics = lines.find((l) => l.includes(',analytics,'));
    expect(analytics).toContain('Analyspartnern Google Analytics (Google Ireland Ltd, USA)');
    expect(analytics).toContain('USA');
    expect(analytics).toContain('Ramen för dataskydd mellan EU och USA');
  });

  it('shows each recipient’s agreement, location, sub-processors and transfer safeguard', async () => {
    const page = await (await app.request('/privacy/records?lang=fi', { headers: html })).text();
    const ga = page.slice(
      page.indexOf('id="contract-google_analytics"'),
      page.indexOf('</tr>', page.indexOf('id="contract-google_analytics"')),
    );
    expect(ga).toContain('henkilötietojen käsittelijä');
    expect(ga).toContain('Google Ads Data Processing Terms');
    expect(ga).toContain('2023-09-24');
    expect(ga).toContain('Sopimusarkisto/Google/');
    expect(ga).toContain('Google LLC');
    expect(ga).toMatch(/Yhdysvallat[^<]*tietosuojakehys/i);
    const posti = page.slice(page.indexOf('id="contract-posti"'));
    expect(posti).toContain('itsenäinen rekisterinpitäjä');
    expect(posti).toContain('15.1.2024');
  });

  it('shows a published older version with a notice, and refuses unknown or malformed versions', async () => {
    const changed = structuredClone(services.policy.manifest);
    changed.controller.customerServiceEmail = 'old-help@hersecret.se';
    const old = await publishManifest(services.database, changed);
    expect(old.version).toBeGreaterThan(services.policy.currentVersion.version);

    const res = await app.request(`/privacy?version=${old.version}`, { headers: html });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('old-help@hersecret.se');
    expect(page).toContain('class="notice"');
    expect(page).toContain(`href="/privacy?version=${old.version}&amp;lang=sv"`);

    const current = await (
      await app.request(`/privacy?version=${services.policy.currentVersion.version}`)
    ).text();
    expect(current).not.toContain('class="notice"');

    expect((await app.request('/privacy?version=9999', { headers: html })).status).toBe(404);
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999', ''])
      expect((await app.request(`/privacy?version=${bad}`)).status, bad).toBe(400);
    const body = (await (await app.request('/privacy?version=abc')).json()) as {
      code: string;
      fields: Record<string, string>;
    };
    expect(body.code).toBe('validation_failed');
    expect(body.fields.version).toMatch(/policy version number/);
  });
});
