/**
 * Keys sent together (a shred's) arrive on commit and never on a rollback; broadcasts made in one turn of the event loop reach the other processes together, in as few
 * NOTIFYs as fit PostgreSQL's payload limit, and none is lost (PostgreSQL only: PGlite is one
 * process and sends nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDbKind,
  type TestDatabase,
} from '../../../test/support/database.ts';
import { openDatabase, type Database } from './database.ts';
import { INVALIDATION_CHANNEL, Invalidations } from './invalidations.ts';
import { createLogger } from '../log.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(testDbKind === 'postgres')('cache invalidations across processes', () => {
  let database: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    other = await openDatabase({ url: database.url });
  });
  afterAll(async () => {
    await other?.close();
    await database?.drop();
  });

  it('sends what one turn broadcasts in few NOTIFYs, each under the limit, and loses none', async () => {
    const log = createLogger('silent');
    const sender = new Invalidations(database, log);
    const receiver = new Invalidations(other, log);
    const heard: string[] = [];
    receiver.on('consent', (key) => heard.push(`consent ${key}`));
    receiver.on('stops', (key) => heard.push(`stops ${key}`));
    // The sender hears its own messages and ignores them.
    const own: string[] = [];
    sender.on('consent', (key) => own.push(key));
    await receiver.start();
    await sender.start();
    const payloads: string[] = [];
    const unlisten = await other.listen(INVALIDATION_CHANNEL, (p) => payloads.push(p));

    const keys = Array.from({ length: 600 }, (_, i) => `v:visitor-${String(i).padStart(16, '0')}`);
    for (const key of keys) sender.broadcast('consent', key);
    sender.broadcast('stops', 'customer-1');
    const expected = [...keys.map((k) => `consent ${k}`), 'stops customer-1'];
    for (let i = 0; i < 100 && heard.length < expected.length; i++) await sleep(50);

    // Several NOTIFYs go out on several connections: their order is not kept, and need not be.
    expect([...heard].sort()).toEqual([...expected].sort());
    expect(own).toEqual([]);
    // 601 keys of about 40 bytes: more than one payload fits, far fewer than one each.
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(10);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);

    await unlisten();
    await sender.stop();
    await receiver.stop();
  });

  it('sends a shred’s keys together on commit, and none when the transaction rolls back', async () => {
    const log = createLogger('silent');
    const sender = new Invalidations(database, log);
    const receiver = new Invalidations(other, log);
    const heard: string[] = [];
    receiver.on('vault-key', (key) => heard.push(key));
    await receiver.start();
    const payloads: string[] = [];
    const unlisten = await other.listen(INVALIDATION_CHANNEL, (p) => payloads.push(p));

    const rolledBack = ['s-0 profile k-0', 's-0 accounting k-1'];
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sender.sendAll(trx, 'vault-key', rolledBack);
        throw new Error('rolled back');
      })
      .catch(() => {});
    const keys = Array.from({ length: 300 }, (_, i) => `s-${i} profile key-${i}`);
    await database.db.transaction().execute((trx) => sender.sendAll(trx, 'vault-key', keys));
    for (let i = 0; i < 100 && heard.length < keys.length; i++) await sleep(50);
    await sleep(200);

    expect([...heard].sort()).toEqual([...keys].sort());
    // 300 keys of about 30 bytes: two payloads, not one each, each under the limit.
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(5);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);

    await unlisten();
    await receiver.stop();
  });
});
