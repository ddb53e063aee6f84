/**
 * Art. 14 for a Google sign-in, end to end against the real local OpenID provider (the setup of
 * oidc-sign-in.test.ts): the first sign-in creates the account and sends, in the browser's
 * language, one notice of what Google gave us, from the manifest; signing in again, or a second
 * browser signing in with the same identity, sends none. The mail goes to the sealed outbox
 * (no SMTP in tests), which the test opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app/main.ts';
import { Browser } from '../support/oidc-browser.ts';
import { startTestServer } from '../support/server.ts';

describe('the Art. 14 notice of a Google sign-in', () => {
  let running: Running;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const server = await startTestServer({ DEMO_SIGN_IN: '1' });
    base = server.url;
    running = server.running;
    cleanup = () => server.stop();
  });
  afterAll(() => cleanup?.());

  async function noticesOf(customerId: string) {
    const { outbox } = running.services.notify;
    const out = [];
    for (const e of await outbox.list(500)) {
      if (e.template === 'source_notice' && e.customerId === customerId) {
        out.push((await outbox.open(e.id))!.message!);
      }
    }
    return out;
  }

  let lastPage = '';
  async function signIn(login: string, lang: string): Promise<string> {
    const browser = new Browser(base);
    const callback = await browser.toCallback('google', login);
    const headers = { 'accept-language': lang };
    const res = await browser.go(callback.href, { headers });
    expect(res.status).toBe(303);
    // The page the person sees next.
    const next = await browser.go(res.headers.get('location')!, {
      headers: { ...headers, accept: 'text/html' },
    });
    lastPage = await next.text();
    const profile = (await (await browser.go('/account')).json()) as { id: string };
    return profile.id;
  }

  it('is sent once, in the language of the sign-in, with what Google gave us', async () => {
    const manifest = running.services.policy.manifest;
    const login = 'aino.art14@example.fi';
    const id = await signIn(login, 'fi');
    const mails = await noticesOf(id);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.to).toBe(login);
    expect(mail!.subject).toBe('Mitä tietoja saimme sinusta palvelusta Google');
    for (const key of ['user.contact.email', 'user.sign_in']) {
      expect(mail!.text).toContain(manifest.categories[key]!.label.fi);
    }
    expect(mail!.text).toContain(manifest.sources.sign_in_providers!.label.fi);
    expect(mail!.text).toContain(manifest.supervisoryAuthority.name.fi);
    expect(mail!.text).toContain(manifest.controller.dpo.email);
    // At first contact the next page says so too, in the same language.
    expect(lastPage).toContain(
      'Saimme sähköpostiosoitteesi ja kirjautumistietosi palvelusta Google',
    );

    // Signing in again, in another browser and language: the same account, no second notice.
    expect(await signIn(login, 'sv')).toBe(id);
    expect(lastPage).toContain('<html lang="sv"');
    expect(lastPage).not.toContain('inloggningsuppgifter från Google');
    expect(await signIn(login, 'en')).toBe(id);
    expect(await noticesOf(id)).toHaveLength(1);
    const rows = await running.services.database.db
      .selectFrom('source_notices')
      .selectAll()
      .where('customer_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'google', lang: 'fi', attempts: 1 });
    expect(rows[0]!.sent_at).toBeInstanceOf(Date);
  });

  it('a sweep after the sign-in sends nothing more', async () => {
    const id = await signIn('eino.art14@example.fi', 'en');
    expect(await running.services.sourceNotices.sendOwed()).toBe(0);
    const mails = await noticesOf(id);
    expect(mails.map((m) => m.subject)).toEqual(['What we received about you from Google']);
  });
});
