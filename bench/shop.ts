/**
 * Storefront pages under load: requests per second and latency for the pages a shopper hits
 * most, against a real server (`node bin/custodian.js serve`, a child process) on PGlite in a
 * temporary directory, or on DATABASE_URL when set.
 *
 *   npm run bench:shop
 *   npm run bench:shop -- --seconds 10 --connections 20
 *
 * Each route runs for `seconds` with `connections` concurrent clients; the cart page carries a
 * five-line cart, so it shows the cost of pricing every line from the catalog on every request.
 * Figures are printed, not asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { encodeCart } from '../src/shop/cart/cart.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const cart = encodeCart([
  { slug: 'aurora-lace-balconette', size: '75C', quantity: 1 },
  { slug: 'aurora-lace-brief', size: 'M', quantity: 2 },
  { slug: 'lumi-satin-slip', size: 'S', quantity: 1 },
  { slug: 'pilvi-robe', size: 'S/M', quantity: 1 },
  { slug: 'silkki-sleep-mask', size: 'one-size', quantity: 1 },
]);

const routes: { name: string; path: string; headers?: Record<string, string> }[] = [
  { name: 'front page', path: '/' },
  { name: 'category page', path: '/category/bras' },
  { name: 'product page', path: '/products/aurora-lace-balconette' },
  { name: 'search', path: '/search?q=lace' },
  { name: 'cart (5 lines)', path: '/cart', headers: { cookie: `hs_cart=${cart}` } },
  { name: 'delivery API', path: '/api/delivery/estimates?postalCode=70620' },
  { name: 'product picture', path: '/images/products/pilvi-robe.svg' },
];

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/custodian.js', 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Custodian: open (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'custodian-bench-shop-'));
const { child, url } = await startServer(
  process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: dataDir },
);
try {
  console.log(
    `${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${connections} connections, ${seconds} s per route\n`,
  );
  // Warm-up: the first requests compile the TypeScript and fill the JIT, not what we measure.
  for (const route of routes) {
    await autocannon({ url: url + route.path, connections, amount: 200, headers: route.headers });
  }
  console.log('route              req/s   p50 ms   p99 ms   non-2xx');
  for (const route of routes) {
    const result = await autocannon({
      url: url + route.path,
      connections,
      duration: seconds,
      headers: { accept: 'text/html', ...route.headers },
    });
    const rate = result['2xx'] / (result.duration || seconds);
    console.log(
      `${route.name.padEnd(18)} ${rate.toFixed(0).padStart(6)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.non2xx + result.errors).padStart(9)}`,
    );
  }
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
