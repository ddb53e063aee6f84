/**
 * Whole-page render cache for pages that do not depend on who asks: the HTML a route rendered,
 * kept in memory per language and URL, and served again (brotli- or gzip-compressed, compressed
 * once per entry) until its data version moves or its time is up.
 *
 * What makes a page visitor-independent is the route's business: `when` says per request whether
 * the cache may answer (the shop's pages, for instance, only for a visitor with no visitor id and
 * no session, whose page carries nothing of their own). Pages hold no CSRF tokens (forms are
 * guarded by the Origin check) and no CSP nonces (the CSP allows same-origin scripts only), and
 * every header (cookies, security headers) is still set per request by the middleware around it.
 *
 * @example
 *   const cache = pageCache({ version: () => catalog.version(), ttlMs: 10_000, when: anonymous });
 *   app.get('/', cache, (c) => c.html(<FrontPage />));
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

export interface PageCacheOptions {
  /** The data the pages are built from; a change of value makes every entry stale. */
  version: () => string | number;
  /** How long an entry may be served at most, for data without a version (best-sellers, reviews). */
  ttlMs: number;
  /** Whether this request may be answered from, and stored in, the cache. Default: always. */
  when?: (c: Context<AppEnv>) => boolean;
  /** Most entries kept; the least recently used goes first (search pages are open-ended). */
  maxEntries?: number;
}

interface Entry {
  html: string;
  version: string | number;
  storedAt: number;
  br?: Buffer;
  gzip?: Buffer;
}

/** The encoding to send: brotli when the client takes it, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return undefined;
}

export function pageCache(options: PageCacheOptions): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  const maxEntries = options.maxEntries ?? 500;
  return async (c, next) => {
    if (c.req.method !== 'GET' || (options.when && !options.when(c))) return next();
    const url = new URL(c.req.url);
    const key = `${c.get('lang')} ${url.pathname}${url.search}`;
    const version = options.version();
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.version === version && now - hit.storedAt < options.ttlMs) {
      // Most recently used last: Map keeps insertion order.
      entries.delete(key);
      entries.set(key, hit);
      return serve(c, hit);
    }
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (c.res.status !== 200 || !type.startsWith('text/html')) return;
    // The next answer to this URL may be compressed: shared caches must key on the encoding.
    c.res.headers.append('Vary', 'Accept-Encoding');
    entries.delete(key);
    entries.set(key, { html: await c.res.clone().text(), version, storedAt: now });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
}

function serve(c: Context<AppEnv>, entry: Entry): Response {
  c.header('Vary', 'Accept-Encoding', { append: true });
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (encoding === 'br') {
    // Quality 5: a page is compressed once per entry, on a request's time, so fast beats smallest.
    entry.br ??= brotliCompressSync(entry.html, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
    });
    return body(c, entry.br, 'br');
  }
  if (encoding === 'gzip') {
    entry.gzip ??= gzipSync(entry.html, { level: 6 });
    return body(c, entry.gzip, 'gzip');
  }
  return c.html(entry.html);
}

function body(c: Context<AppEnv>, bytes: Buffer, encoding: string): Response {
  c.header('Content-Type', 'text/html; charset=UTF-8');
  c.header('Content-Encoding', encoding);
  return c.body(new Uint8Array(bytes));
}
