/**
 * Serves the consent banner: `GET /consent/banner.js` and `GET /consent/banner.css`. With the
 * current `?v=` (what Custodian's pages link) a file is cacheable for a year; without it (other
 * sites embedding the plain URL) for an hour, revalidated by a content-hash ETag either way, and
 * brotli- or gzip-compressed (once per process) for clients that accept it.
 *
 * @example
 *   app.use(embeddableBanner()); // before the security headers
 *   app.route('/consent', bannerAssetRoutes());
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { chooseEncoding } from '../../kit/web/page-cache.ts';
import { bannerAssets, type Compressed } from './banner-assets.ts';

const files = ['/consent/banner.js', '/consent/banner.css'];

export function bannerAssetRoutes() {
  const assets = bannerAssets();
  const serve = (c: Context, body: Buffer, packed: Compressed, etag: string, type: string) => {
    c.header('ETag', etag);
    c.header(
      'Cache-Control',
      c.req.query('v') === assets.version
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=3600',
    );
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', type);
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    if (!encoding) return c.body(new Uint8Array(body));
    c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(packed[encoding]));
  };
  return new Hono()
    .get('/banner.js', (c) =>
      serve(c, assets.js, assets.compressed.js, assets.jsEtag, 'text/javascript; charset=utf-8'),
    )
    .get('/banner.css', (c) =>
      serve(c, assets.css, assets.compressed.css, assets.cssEtag, 'text/css; charset=utf-8'),
    );
}

/**
 * Lets other sites load the banner files. The app's security headers say
 * `Cross-Origin-Resource-Policy: same-origin`, which would stop a `<script src>` from another
 * origin; this middleware must be mounted before them so it has the last word on these two URLs.
 */
export function embeddableBanner(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (files.includes(c.req.path))
      c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  };
}
