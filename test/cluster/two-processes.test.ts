/**
 * Two app processes on one PostgreSQL behave as one store (issue 15): each a separate Node
 * process running the real server, with the same keys, as two nodes behind nginx would
 * (docs/deploy.md). Rate limits count across both; a shred or a restriction made through one is
 * seen by the other at once, not when its cache expires; so are a stock change or a review (the
 * storefront's cached pages) and a policy version published on one; a session made on one works
 * on the other; a job sent on one runs once.
 *
 * PostgreSQL only: embedded PGlite is one process by construction (its data directory cannot be
 * opened by a second process), so there is no second process to agree with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/kit/db/database.ts';
import { migrateToLatest } from '../../src/kit/db/migrate.ts';
import { startClusterNode, type ClusterNode } from '../support/cluster.ts';
import { createPostgresDatabase, testDbKind } from '../support/database.ts';
import { freePort } from '../support/server.ts';

/** Far beyond the test: whatever B sees changed, it learnt by notification, not by expiry. */
const VAULT_CACHE_MS = 600_000;
/** The same for the storefront's catalog snapshot and cached pages. */
const STOREFRONT_CACHE_MS = 600_000;
/** How often a node re-checks the policy in force unasked (src/policy/policy.service.ts). */
const POLICY_RECHECK_MS = 60_000;
/** The processing-stops cache's TTL (src/rights/restriction/processing-stops.ts). */
const STOPS_TTL_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` or `withinMs`; returns how long it took, or undefined on time-out. */
async function within(withinMs: number, done: () => Promise<boolean>): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await done()) return Date.now() - started;
    await sleep(50);
  }
  return undefined;
}

describe.runIf(testDbKind === 'postgres')('two app processes on one PostgreSQL', () => {
  let a: ClusterNode;
  let b: ClusterNode;
  let dropDatabase: () => Promise<void>;
  let url: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    const pg = await createPostgresDatabase();
    dropDatabase = pg.dropDatabase;
    // Migrated once, before either starts, as a deployment does (`custodian migrate`).
    const database = await openDatabase({ url: pg.url });
    await migrateToLatest(database);
    await database.close();
    const keys = mkdtempSync(path.join(tmpdir(), 'custodian-cluster-keys-'));
    dirs.push(keys);
    url = pg.url;
    const dirA = mkdtempSync(path.join(tmpdir(), 'custodian-cluster-'));
    const dirB = mkdtempSync(path.join(tmpdir(), 'custodian-cluster-'));
    dirs.push(dirA, dirB);
    // Each node's shred ledger and audit checkpoints in a file of its own, the other's read too,
    // as on two machines with the files collected (docs/deploy.md).
    const ledger = (dir: string) => path.join(dir, 'shred-ledger.jsonl');
    const checkpoints = (dir: string) => path.join(dir, 'audit', 'checkpoints.jsonl');
    const node = async (dir: string, peer: string) => {
      const port = await freePort();
      return startClusterNode({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://localhost:${port}`,
        DATA_DIR: dir,
        // The same keys on every node (docs/deploy.md); created by the first, read by the second.
        CUSTODIAN_KEY_DIR: keys,
        CUSTODIAN_SHRED_LEDGER: ledger(dir),
        CUSTODIAN_SHRED_LEDGER_PEERS: ledger(peer),
        CUSTODIAN_AUDIT_CHECKPOINTS: checkpoints(dir),
        CUSTODIAN_AUDIT_CHECKPOINTS_PEERS: checkpoints(peer),
        // No timer: a node's file holds only the checkpoints a test asks for.
        CUSTODIAN_AUDIT_CHECKPOINT_MS: '0',
        DATABASE_URL: pg.url,
        CUSTODIAN_VAULT_CACHE_MS: String(VAULT_CACHE_MS),
        CUSTODIAN_STOREFRONT_CACHE_MS: String(STOREFRONT_CACHE_MS),
      });
    };
    a = await node(dirA, dirB);
    b = await node(dirB, dirA);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropDatabase?.();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const post = (node: ClusterNode, route: string, body: object) =>
    fetch(`${node.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: node.url },
      body: JSON.stringify(body),
    });

  it('counts a rate limit across both: the sixth reset request for one address is refused', async () => {
    const statuses: number[] = [];
    // Alternating: A sees three, B two; neither alone reaches the limit of five.
    for (const node of [a, b, a, b, a]) {
      statuses.push((await post(node, '/account/reset', { email: 'someone@example.fi' })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const refused = await post(b, '/account/reset', { email: 'someone@example.fi' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('backs off sign-in failures across both, locking after the free ones', async () => {
    const { cookie: _unused, ...customer } = await a.call('customer');
    expect(customer.customerId).toBeTypeOf('string');
    const email = 'backoff-target@example.fi';
    const statuses: number[] = [];
    // Six failures, three on each: the five free ones, then the first lock.
    for (const node of [a, b, a, b, a, b]) {
      statuses.push(
        (await post(node, '/account/sign-in', { email, password: 'wrong guess' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const locked = await post(a, '/account/sign-in', { email, password: 'wrong guess' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('serves a session made on A on B', async () => {
    const { cookie } = (await a.call('customer')) as { cookie: string };
    const onB = await fetch(`${b.url}/account`, { headers: { cookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    const without = await fetch(`${b.url}/account`, { redirect: 'manual' });
    expect(without.status).not.toBe(200);
  });

  it('stops B opening a field at once when A shreds its key, though B had the key cached', async () => {
    const { customerId: subject } = (await a.call('customer')) as { customerId: string };
    const { sealed } = (await a.call('seal', { subject, text: 'Kotikatu 1' })) as {
      sealed: string;
    };
    // B unwraps the key and caches it for VAULT_CACHE_MS.
    expect(await b.call('open', { subject, sealed })).toMatchObject({ opened: 'Kotikatu 1' });
    await a.call('shred', { subject });
    const took = await within(
      5_000,
      async () => (await b.call('open', { subject, sealed })).opened === null,
    );
    expect(took, 'B still opened the field with its cached key').toBeDefined();
    expect(took!).toBeLessThan(VAULT_CACHE_MS);
  });

  it('has B refuse processing at once when A restricts it, though B had the answer cached', async () => {
    const { customerId } = (await a.call('customer')) as { customerId: string };
    // B asks (and caches the answer for STOPS_TTL_MS).
    expect(await b.call('restricted', { customerId })).toEqual(
      expect.objectContaining({ restricted: false }),
    );
    await a.call('restrict', { customerId });
    const took = await within(STOPS_TTL_MS / 2, async () =>
      Boolean((await b.call('restricted', { customerId })).restricted),
    );
    expect(took, 'B kept its cached answer').toBeDefined();
    expect(took!).toBeLessThan(STOPS_TTL_MS / 2);
  });

  it('has B show stock taken and a review posted on A at once, though B had the page cached', async () => {
    // Stock 12 (src/shop/catalog-seed.ts): the quantity field offers at most min(10, stock).
    const slug = 'lumi-satin-body';
    const page = async () => (await fetch(`${b.url}/products/${slug}`)).text();
    // An anonymous visitor's product page, rendered by B and cached for STOREFRONT_CACHE_MS.
    expect(await page()).toContain('max="10"');
    expect(await page()).toContain('max="10"');
    const { customerId } = (await a.call('order', { slug, quantity: '10' })) as {
      customerId: string;
    };
    const stockShown = await within(5_000, async () => (await page()).includes('max="2"'));
    expect(stockShown, 'B kept serving the page with the old stock').toBeDefined();
    // Now B has the page cached again; the buyer reviews the product on A.
    const text = `Silky, seen by both nodes ${customerId.slice(0, 8)}`;
    expect(await page()).not.toContain(text);
    await a.call('review', { customerId, slug, text });
    const reviewShown = await within(5_000, async () => (await page()).includes(text));
    expect(reviewShown, 'B kept serving the page without the review').toBeDefined();
  });

  it('has B serve a policy version published on A at once, without a restart', async () => {
    const before = (await b.call('policyVersion')).version as number;
    const { version } = (await a.call('publish')) as { version: number };
    expect(version).toBeGreaterThan(before);
    const took = await within(
      5_000,
      async () => (await b.call('policyVersion')).version === version,
    );
    expect(took, 'B still served the version it started with').toBeDefined();
    expect(took!).toBeLessThan(POLICY_RECHECK_MS);
    expect((await a.call('policyVersion')).version).toBe(version);
  });

  it("has B re-apply after a restore a shred made on A, and verify against A's checkpoints", async () => {
    const { customerId: subject } = (await a.call('customer')) as { customerId: string };
    const { sealed } = (await a.call('seal', { subject, text: 'Kotikatu 2' })) as {
      sealed: string;
    };
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      // The backup: the subject's profile key (the one shredded) as it was before the shred.
      const { rows: backup } = await sql.query<{ rows: { key_id: string }[] }>(
        "select coalesce(json_agg(k), $2) as rows from vault_keys k where subject_id = $1 and scope = 'profile'",
        [subject, '[]'],
      );
      const keyIds = backup[0]!.rows.map((k) => k.key_id);
      expect(keyIds.length).toBeGreaterThan(0);
      await a.call('shred', { subject });
      // The restore: the keys are back and the database's copy of the ledger forgot the shred,
      // so only A's ledger file still knows it.
      await sql.query(
        'insert into vault_keys select * from json_populate_recordset(null::vault_keys, $1) on conflict do nothing',
        [JSON.stringify(backup[0]!.rows)],
      );
      await sql.query('delete from vault_shred_ledger where id = any($1)', [keyIds]);
      const back = await sql.query('select 1 from vault_keys where key_id = any($1)', [keyIds]);
      expect(back.rowCount).toBe(keyIds.length);
      // B re-applies the ledger, as `custodian vault reapply-shreds` or a start on B would.
      await b.call('reapply');
      const left = await sql.query('select 1 from vault_keys where key_id = any($1)', [keyIds]);
      expect(left.rowCount, 'B brought back a key A had shredded').toBe(0);
      expect((await b.call('open', { subject, sealed })).opened).toBeNull();
    } finally {
      await sql.end();
    }
    // A checkpoints the audit head in its own file; B's verification compares with it.
    const { checkpoint } = (await a.call('checkpoint')) as { checkpoint: { position: number } };
    const verified = (await b.call('verify')) as {
      ok: boolean;
      checkpoints: { count: number; latest: number | null };
    };
    expect(verified.ok).toBe(true);
    expect(verified.checkpoints.latest, "B verified without A's checkpoints").toBe(
      checkpoint.position,
    );
  });

  it('runs a job sent on A once, on one of the two', async () => {
    const { jobId } = (await a.call('enqueue')) as { jobId: string };
    const ran = () => [...a.ran, ...b.ran].filter((id) => id === jobId);
    expect(await within(20_000, async () => ran().length > 0)).toBeDefined();
    // Both poll every 2 s: give the other a few polls to take it again, if it could.
    await sleep(5_000);
    expect(ran()).toEqual([jobId]);
  }, 40_000);
});
