/**
 * Storefront rate with one app process against two on the same PostgreSQL (issue 15).
 *
 *   npm run bench:cluster
 *   npm run bench:cluster -- --seconds 10 --connections 20 --products 500 --orders 2000
 *
 * Three Node processes besides PostgreSQL: this one (the load generator, autocannon), and one
 * or two real servers (`node bin/custodian.js serve`) on the bench's own database
 * (`bench_multi_process`, seeded as bench/shop.ts seeds it) with the same keys, as two nodes
 * behind nginx would run (docs/deploy.md). For the two-process figure autocannon spreads the
 * same number of connections over both servers (half each) instead of a proxy, so nginx's own
 * cost is not measured. Same pages, same connections, same seconds, in the same run: per page
 * one process (the second server idle), then two, then one again (the mean of both is shown).
 *
 * The goal: two processes serve at least the rate of one. On a machine of two cores that the
 * load generator and PostgreSQL share with the servers (and, here, with other work), two
 * processes cannot double the rate; the ratio says how much of the second core they found.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { postgresAdminUrl } from '../test/support/database.ts';
import { startCustodian, stopChild } from './child-server.ts';
import { seedShopBench } from './shop-seed.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    products: { type: 'string', default: '500' },
    orders: { type: 'string', default: '2000' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const GOAL_RATIO = 1;
const DATABASE = 'bench_multi_process';
const root = path.resolve(import.meta.dirname, '..');

const routes = [
  { name: 'front page', path: '/' },
  { name: 'category page', path: '/category/bras' },
  { name: 'product page', path: '/products/aurora-lace-balconette' },
  { name: 'search', path: '/search?q=lace' },
  { name: '/privacy', path: '/privacy' },
  { name: '/cookies', path: '/cookies' },
];
// What a browser sends on a first visit: no cookies, compression accepted.
const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** 2xx responses per second over `urls` (connections spread over them in turn). */
async function rate(urls: string[], route: string, amount?: number): Promise<number> {
  const result = await autocannon({
    // autocannon spreads connections over several targets; its types admit only one.
    url: urls.map((u) => u + route) as unknown as string,
    connections,
    headers: browser,
    ...(amount ? { amount } : { duration: seconds }),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 && !amount) console.log(`  (${route}: ${failed} failed requests)`);
  return result['2xx'] / (result.duration || seconds);
}

const url = new URL(postgresAdminUrl);
url.pathname = `/${DATABASE}`;
const dirs = [mkdtempSync(path.join(tmpdir(), 'custodian-bench-cluster-keys-'))];
const servers: ChildProcess[] = [];
try {
  await admin(`drop database if exists ${DATABASE}`);
  await admin(`create database ${DATABASE}`);
  const database = await openDatabase({ url: url.toString() });
  try {
    await migrateToLatest(database);
    const seeded = await seedShopBench(database, {
      products: Number(values.products),
      orders: Number(values.orders),
    });
    console.log(
      `store: ${seeded.products} products, ${seeded.orders} orders with ${seeded.lines} lines, on PostgreSQL (${DATABASE})`,
    );
  } finally {
    await database.close();
  }
  const node = async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-cluster-'));
    dirs.push(dataDir);
    const s = await startCustodian(root, {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      CUSTODIAN_KEY_DIR: dirs[0]!,
    });
    servers.push(s.child);
    return s.url;
  };
  console.log(
    `bench:cluster: ${connections} connections, ${seconds} s per page and setting; ${availableParallelism()} cores; ` +
      `load average ${load()} at the start, on a machine shared with other work`,
  );
  console.log(
    `goal: two processes serve >= ${GOAL_RATIO}x the rate of one (same pages, same connections)\n`,
  );
  const a = await node();
  const b = await node();
  // Both warmed alike (the first requests compile, fill the JIT and the page caches), then per
  // page: one process, two, one again; the one-process figure is the mean of its two runs, so
  // neither setting gains from running later on a machine whose load drifts.
  for (const route of routes) await rate([a, b], route.path, 1000);
  for (const route of routes) await rate([a], route.path, 1000);
  const one = new Map<string, number>();
  const two = new Map<string, number>();
  for (const route of routes) {
    const first = await rate([a], route.path);
    two.set(route.name, await rate([a, b], route.path));
    one.set(route.name, (first + (await rate([a], route.path))) / 2);
  }

  console.log('page                one process  two processes   ratio');
  let sumOne = 0;
  let sumTwo = 0;
  for (const route of routes) {
    const r1 = one.get(route.name)!;
    const r2 = two.get(route.name)!;
    sumOne += r1;
    sumTwo += r2;
    console.log(
      `${route.name.padEnd(18)} ${r1.toFixed(0).padStart(9)} /s ${r2.toFixed(0).padStart(11)} /s ${(r2 / r1).toFixed(2).padStart(7)}`,
    );
  }
  const ratio = sumTwo / sumOne;
  console.log(
    `all pages          ${(sumOne / routes.length).toFixed(0).padStart(9)} /s ${(sumTwo / routes.length).toFixed(0).padStart(11)} /s ${ratio.toFixed(2).padStart(7)}  (mean rate per page)`,
  );
  console.log(
    `\ngoal (two >= ${GOAL_RATIO}x one): ${ratio >= GOAL_RATIO ? 'met' : 'missed'} at ${ratio.toFixed(2)}x; ` +
      `load average ${load()} at the end. With ${availableParallelism()} cores shared by two servers, ` +
      'PostgreSQL and the load generator, at most about 2x is possible and far less is likely.',
  );
} finally {
  for (const child of servers) await stopChild(child);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await admin(`drop database if exists ${DATABASE}`).catch(() => {});
}
