/** /dev/outbox: off by default, on only in explicit development mode on a loopback address. */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/app.ts';
import { loadConfig } from '../kit/config.ts';
import { createTestServices, type TestServices } from '../../test/support/services.ts';

const origin = 'http://127.0.0.1:3000';
const register = (email: string, lang: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin, 'accept-language': lang },
  body: JSON.stringify({
    email,
    name: 'Olli Outbox',
    password: 'dev outbox passphrase',
    acceptPolicy: true,
  }),
});

describe('the development outbox switch', () => {
  it('is off unless NODE_ENV=development is set explicitly, and off on a public address', () => {
    expect(loadConfig({}).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).devOutbox).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).devOutbox).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).devOutbox).toBe(false);
  });
});

describe('/dev/outbox', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('does not exist with the default settings', async () => {
    const services: TestServices = await createTestServices();
    closers.push(() => services.close());
    const app = createApp(services);
    expect(
      (await app.request('/account/register', register('a.default@example.fi', 'en'))).status,
    ).toBe(202);
    expect((await app.request('/dev/outbox')).status).toBe(404);
    const [entry] = await services.notify.outbox.list();
    expect((await app.request(`/dev/outbox/${entry!.id}`)).status).toBe(404);
  });

  it('lists and opens the kept mail in development mode, with its link to follow', async () => {
    const services: TestServices = await createTestServices({ NODE_ENV: 'development' });
    closers.push(() => services.close());
    const app = createApp(services);
    expect(
      (await app.request('/account/register', register('olli.outbox@example.fi', 'fi'))).status,
    ).toBe(202);

    const list = await app.request('/dev/outbox?lang=fi');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const listed = await list.text();
    expect(listed).toContain('Lähtevät viestit (kehitystila)');
    expect(listed).toContain('olli.outbox@example.fi');
    expect(listed).toContain('Vahvista sähköpostiosoitteesi');
    const href = /href="(\/dev\/outbox\/[0-9a-f-]{36})\?lang=fi"/.exec(listed)![1]!;

    const shown = await (await app.request(`${href}?lang=sv`)).text();
    expect(shown).toContain('Utkorg (utvecklingsläge)');
    // The verification link is a link to follow, on the store's own address.
    expect(shown).toMatch(
      /<a href="http:\/\/127\.0\.0\.1:3000\/account\/verify\?token=[\w-]{43}">/,
    );

    // Sealed at rest all the same: the table holds no address.
    const rows = await services.database.db.selectFrom('notify_outbox').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('olli.outbox');
  });

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const services: TestServices = await createTestServices({ NODE_ENV: 'development' });
    closers.push(() => services.close());
    const app = createApp(services);
    const bad = await app.request('/dev/outbox/not-a-uuid', {
      headers: { accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The message id is a UUID.');
    expect((await app.request('/dev/outbox/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });
});
