/** Static assets, read once at start-up and served from memory with a content hash as ETag. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function assetRoutes(dir = path.join(import.meta.dirname, 'assets')) {
  const files = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const name of readdirSync(dir)) {
    const type = types[path.extname(name)];
    if (!type) continue;
    const body = readFileSync(path.join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    files.set(name, { body, type, etag });
  }
  return new Hono().get('/:name', (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.notFound();
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('ETag', file.etag);
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', file.type);
    return c.body(new Uint8Array(file.body));
  });
}
