import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const origin = 'http://localhost:3000';
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify(body),
});

/** The Node server's bindings as @hono/node-server passes them: here, only the client address. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe('brute force is throttled', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  const password = 'a long enough passphrase';

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
    const res = await app.request(
      '/account/register',
      post({ email: 'target@example.fi', password, name: 'Target', acceptPolicy: true }),
    );
    expect(res.status).toBe(202);
  });
  afterAll(() => services?.close());

  it('backs off an account from one address after repeated wrong passwords, even for the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.request(
        '/account/sign-in',
        post({ email: 'target@example.fi', password: `wrong ${i} guess` }),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const locked = await app.request(
      '/account/sign-in',
      post({ email: 'TARGET@example.fi', password }),
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ code: 'rate_limited' });
  });

  it('shows the throttle on the sign-in form too', async () => {
    const res = await app.request('/account/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin },
      body: new URLSearchParams({ email: 'target@example.fi', password }).toString(),
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many attempts.');
  });

  it('backs off a client address that fails on many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await app.request(
        '/account/sign-in',
        post({ email: `guess${i}@example.fi`, password: 'not it at all' }),
      );
      statuses.push(res.status);
    }
    // 6 failures on the target account already count for this address (in-process: "local").
    expect(statuses.slice(0, 14)).toEqual(Array(14).fill(401));
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits password-reset requests per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.request('/account/reset', post({ email: `someone${i}@example.fi` }));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('limits registrations per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await app.request(
        '/account/register',
        post({ email: `new${i}@example.fi`, password, name: 'New', acceptPolicy: true }),
      );
      statuses.push(res.status);
    }
    // One registration happened before this test, from the same address: 20 per hour in all.
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(202));
    expect(statuses.slice(19)).toEqual([429, 429]);
  });

  it('a lock-out attack slows the attacker, not the owner signing in from elsewhere', async () => {
    const victim = 'victim@example.fi';
    await app.request(
      '/account/register',
      post({ email: victim, password, name: 'Victim', acceptPolicy: true }),
      from('198.51.100.20'),
    );
    const attacker = from('203.0.113.66');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await app.request(
        '/account/sign-in',
        post({ email: victim, password: `wrong ${i}` }),
        attacker,
      );
      statuses.push(res.status);
    }
    // The attacker is held back: after five free failures he waits, and the window runs out.
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.at(-1)).toBe(429);
    expect(
      (await app.request('/account/sign-in', post({ email: victim, password }), attacker)).status,
    ).toBe(429);
    // The owner, from her own address, signs in at once.
    const owner = await app.request(
      '/account/sign-in',
      post({ email: victim, password }),
      from('198.51.100.20'),
    );
    expect(owner.status).toBe(200);
    // And from a third address too: no key counts the account alone.
    expect(
      (await app.request('/account/sign-in', post({ email: victim, password }), from('192.0.2.5')))
        .status,
    ).toBe(200);
  });
});
