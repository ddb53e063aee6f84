/**
 * The app-wide sweep (test/security/bad-input-sweep.test.ts) meets the console's posts signed
 * out, where the guard answers first. This one sends the console's own posts bad bodies as a
 * signed-in member whose roles reach them all: every answer is a 4xx (or a redirect), never a 5xx.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { staffRoutes } from '../../src/staff/access/permissions.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { staffMember } from '../support/staff.ts';

let services: TestServices;
let app: App;
let cookie: string;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
  cookie = (await staffMember(services, ['owner', 'dpo', 'customer_service'])).cookie;
}, 120_000);
afterAll(() => services?.close());

const bodies: [type: string, body: string][] = [
  ['application/x-www-form-urlencoded', ''],
  ['application/x-www-form-urlencoded', '%%%&=&a=%ZZ&&to=%E0%A4%A'],
  ['application/x-www-form-urlencoded', 'to=%00&decision=%00&reasons=%00&next=%00&current=%00'],
  ['application/x-www-form-urlencoded', 'to=paid&to=shipped&decision=upheld&decision=x&reasons=a'],
  ['application/x-www-form-urlencoded', `reasons=${'a'.repeat(5000)}&decision=upheld`],
  ['application/json', '{"to": "paid",'],
  ['multipart/form-data', 'a=1'],
];

/** The console's own posts, minus those that end the session they are sent with. */
const posts = Object.keys(staffRoutes)
  .filter((k) => k.startsWith('POST /staff/') && !k.includes('sign-'))
  .map((k) => k.slice(5));

describe('console posts with bad bodies, signed in', () => {
  it('are answered 3xx/4xx, never 5xx', async () => {
    const failures: string[] = [];
    const seen = new Set<number>();
    for (const pattern of posts)
      for (const params of ['uuid', 'garbage'] as const)
        for (const [type, body] of bodies) {
          const path = pattern.replace(/:(\w+)/g, () =>
            params === 'uuid' ? randomUUID() : 'x%00y',
          );
          const res = await app.request(path, {
            method: 'POST',
            headers: { cookie, origin: 'http://localhost:3000', 'content-type': type },
            body,
          });
          seen.add(res.status);
          if (res.status >= 500)
            failures.push(`${res.status} POST ${path} (${type} ${body.slice(0, 30)})`);
        }
    expect(posts.length).toBeGreaterThan(10);
    // The handlers were reached (not only refused at the door): their own 400s and 404s.
    expect([...seen]).toEqual(expect.arrayContaining([400, 404]));
    expect(failures).toEqual([]);
  }, 240_000);
});
