/**
 * Static assets, read once at start-up and served from memory.
 *
 * Each file is served under a content-hashed name (`app.3fa9c1d2e4b5a6f7.css`, what pages link
 * through {@link assetPath}), cacheable for a year as `immutable`: a changed file is a new name.
 * The plain name (`app.css`) still answers, for an hour, for anything that links it by hand.
 * Text files (CSS, JS, SVG) go out brotli- or gzip-compressed when the client accepts it; both
 * are made by the build (`npm run build`, into `dist/assets/`) and only read here; a file with no
 * build output for its bytes is compressed once at start (src/kit/web/precompressed.ts). Never
 * per request.
 *
 * @example
 *   app.route('/assets', assetRoutes());
 *   <link rel="stylesheet" href={assetPath('app.css')} />
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { chooseEncoding } from './page-cache.ts';
import { contentHash, hashedName, precompressed } from './precompressed.ts';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const compressible = new Set(['.css', '.js', '.svg']);

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** The content-hashed file name pages link. */
  hashedName: string;
  br?: Buffer;
  gzip?: Buffer;
}

const defaultDir = path.join(import.meta.dirname, 'assets');
const loaded = new Map<string, Map<string, Asset>>();

/** Every asset in `dir` by plain name, read (and compressed, where the build did not) once per process. */
export function loadAssets(dir = defaultDir): Map<string, Asset> {
  let files = loaded.get(dir);
  if (files) return files;
  files = new Map();
  for (const name of readdirSync(dir).sort()) {
    const ext = path.extname(name);
    const type = types[ext];
    if (!type) continue;
    const body = readFileSync(path.join(dir, name));
    const asset: Asset = {
      body,
      type,
      etag: `"${contentHash(body)}"`,
      hashedName: hashedName(name, body),
    };
    if (compressible.has(ext)) Object.assign(asset, precompressed(name, body));
    files.set(name, asset);
  }
  loaded.set(dir, files);
  return files;
}

/** The URL of an asset under its content-hashed name; throws for a file that does not exist. */
export function assetPath(name: string): string {
  const asset = loadAssets().get(name);
  if (!asset) throw new Error(`no asset named ${name}`);
  return `/assets/${asset.hashedName}`;
}

export function assetRoutes(dir = defaultDir) {
  const files = loadAssets(dir);
  const byHashedName = new Map([...files.values()].map((a) => [a.hashedName, a]));
  return new Hono().get('/:name', (c) => {
    const name = c.req.param('name');
    const hashed = byHashedName.get(name);
    const file = hashed ?? files.get(name);
    if (!file) return c.notFound();
    c.header('ETag', file.etag);
    c.header(
      'Cache-Control',
      hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
    );
    if (file.br) c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    const encoding = file.br ? chooseEncoding(c.req.header('accept-encoding')) : undefined;
    const body = encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.body;
    if (encoding) c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(body ?? file.body));
  });
}

/** `GET /favicon.ico`: browsers ask for it whatever the page links, so it must not be a 404. */
export function faviconRoute(dir = defaultDir) {
  const icon = loadAssets(dir).get('favicon.ico');
  if (!icon) throw new Error('favicon.ico is missing from the assets');
  return new Hono().get('/favicon.ico', (c) => {
    c.header('ETag', icon.etag);
    c.header('Cache-Control', 'public, max-age=86400');
    if (c.req.header('if-none-match') === icon.etag) return c.body(null, 304);
    c.header('Content-Type', icon.type);
    return c.body(new Uint8Array(icon.body));
  });
}
