/**
 * Storefront pages under load against the framework's ceiling, on PGlite and on PostgreSQL.
 *
 *   npm run bench:shop
 *   npm run bench:shop -- --seconds 10 --connections 10 --products 500 --orders 2000
 *   npm run bench:shop -- --root /work/main,.    # before and after: two checkouts, same run
 *
 * Three processes: this one (the load generator, autocannon), a minimal Hono hello-world on
 * @hono/node-server (the ceiling), and the real server (`node bin/custodian.js serve` from
 * `--root`). For each database the store is seeded first with a realistic catalog and order
 * history (bench/shop-seed.ts), then the ceiling is measured, then every page, each for
 * `seconds` with `connections` clients sending no cookies: a first visit, the common case.
 *
 * The goal (issue 15): each goal page at least 10 % of the hello-world rate measured in the same
 * run, with p99 under 10 ms, on both databases. The table prints "met" or "missed" per page; the
 * other rows (cart, API, picture) are shown for reference with no goal. Nothing is projected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/kit/db/database.ts';
import { migrateToLatest } from '../src/kit/db/migrate.ts';
import { encodeCart } from '../src/shop/cart/cart.ts';
import { createPostgresDatabase } from '../test/support/database.ts';
import { startCustodian, startHelloWorld, stopChild } from './child-server.ts';
import { seedShopBench } from './shop-seed.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    products: { type: 'string', default: '500' },
    orders: { type: 'string', default: '2000' },
    root: { type: 'string', default: process.cwd() },
    databases: { type: 'string', default: 'pglite,postgres' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const roots = values.root.split(',').map((r) => path.resolve(r));
const GOAL_SHARE = 0.1;
const GOAL_P99_MS = 10;

const cart = encodeCart([
  { slug: 'aurora-lace-balconette', size: '75C', quantity: 1 },
  { slug: 'aurora-lace-brief', size: 'M', quantity: 2 },
  { slug: 'lumi-satin-slip', size: 'S', quantity: 1 },
  { slug: 'pilvi-robe', size: 'S/M', quantity: 1 },
  { slug: 'silkki-sleep-mask', size: 'one-size', quantity: 1 },
]);

interface Route {
  name: string;
  path: string;
  goal: boolean;
  headers?: Record<string, string>;
}
const routes: Route[] = [
  { name: 'front page', path: '/', goal: true },
  { name: 'category page', path: '/category/bras', goal: true },
  { name: 'product page', path: '/products/aurora-lace-balconette', goal: true },
  { name: 'search', path: '/search?q=lace', goal: true },
  { name: '/privacy', path: '/privacy', goal: true },
  { name: '/cookies', path: '/cookies', goal: true },
  { name: 'cart (5 lines)', path: '/cart', goal: false, headers: { cookie: `hs_cart=${cart}` } },
  { name: 'delivery API', path: '/api/delivery/estimates?postalCode=70620', goal: false },
  { name: 'product picture', path: '/images/products/pilvi-robe.svg', goal: false },
];
// What a browser sends: pages are served compressed when the client accepts it.
const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };

interface Measured {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
}

async function measure(url: string, headers: Record<string, string> = {}): Promise<Measured> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    rate: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function ceiling(): Promise<number> {
  const hello = await startHelloWorld();
  try {
    await autocannon({ url: hello.url, connections, amount: 2000 });
    return (await measure(hello.url)).rate;
  } finally {
    await stopChild(hello.child);
  }
}

/** A migrated database holding the bench store; its env for the server, and how to drop it. */
async function prepare(kind: 'pglite' | 'postgres', dataDir: string) {
  const postgres = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const database = await openDatabase(postgres ? { url: postgres.url } : { dataDir });
  try {
    await migrateToLatest(database);
    const seeded = await seedShopBench(database, {
      products: Number(values.products),
      orders: Number(values.orders),
    });
    console.log(
      `store: ${seeded.products} products, ${seeded.orders} orders with ${seeded.lines} lines`,
    );
  } finally {
    await database.close();
  }
  const env: Record<string, string> = postgres
    ? { DATABASE_URL: postgres.url, DATA_DIR: dataDir }
    : { DATA_DIR: dataDir };
  return {
    env,
    drop: async () => postgres?.dropDatabase(),
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
let met = 0;
let goals = 0;

console.log(
  `bench:shop: server from ${roots.join(' and ')}; ${connections} connections, ${seconds} s per route; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on a machine that may be shared`,
);
console.log(
  `goal: each goal page >= ${GOAL_SHARE * 100} % of the hello-world rate measured in the same run, p99 < ${GOAL_P99_MS} ms, on PGlite and PostgreSQL\n`,
);
for (const [kind, root] of (values.databases.split(',') as ('pglite' | 'postgres')[]).flatMap((k) =>
  roots.map((r) => [k, r] as const),
)) {
  const label = `${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}${roots.length > 1 ? `, ${root}` : ''}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-shop-'));
  let prepared: Awaited<ReturnType<typeof prepare>> | undefined;
  try {
    try {
      prepared = await prepare(kind, dataDir);
    } catch (err) {
      console.log(`${label}: not available (${(err as Error).message}); skipped.\n`);
      continue;
    }
    const hello = await ceiling();
    const server = await startCustodian(root, prepared.env);
    try {
      // Warm-up: the first requests compile the TypeScript and fill the JIT and the caches.
      for (const route of routes) {
        await autocannon({
          url: server.url + route.path,
          connections,
          amount: 500,
          headers: { ...browser, ...route.headers },
        });
      }
      console.log(`${label}: hello-world ceiling ${hello.toFixed(0)} req/s`);
      console.log('route                req/s  % ceiling   p50 ms   p99 ms  failed  goal');
      for (const route of routes) {
        const r = await measure(server.url + route.path, { ...browser, ...route.headers });
        const share = r.rate / hello;
        let verdict = '-';
        if (route.goal) {
          goals += 1;
          const ok = share >= GOAL_SHARE && r.p99 < GOAL_P99_MS && r.failed === 0;
          if (ok) met += 1;
          verdict = ok ? 'met' : 'missed';
        }
        console.log(
          `${route.name.padEnd(18)} ${pad(r.rate.toFixed(0), 7)} ${pad((share * 100).toFixed(1) + ' %', 10)} ${pad(r.p50, 8)} ${pad(r.p99, 8)} ${pad(r.failed, 7)}  ${verdict}`,
        );
      }
      console.log('');
    } finally {
      await stopChild(server.child);
    }
  } finally {
    await prepared?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log(
  `goal pages: ${met} of ${goals} met (>= ${GOAL_SHARE * 100} % of the ceiling, p99 < ${GOAL_P99_MS} ms).`,
);
