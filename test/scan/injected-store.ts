/**
 * The store with a careless change on top, for the scan's tests: a middleware in front of the
 * real app that sets an undeclared cookie, sets `hs_lang` for longer than declared, sets an
 * analytics cookie with the first page (before any consent), and puts two pixels on product
 * pages, one from an origin a recipient declares and one from an origin nobody declares (with
 * the CSP loosened for both, as the change would have to).
 */
import { createServer, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app/app.ts';
import { createTestServices } from '../support/services.ts';
import { freePort } from '../support/server.ts';

export interface InjectedStore {
  url: string;
  /** A pixel host a fixture recipient declares, and one nobody declares. */
  declaredOrigin: string;
  undeclaredOrigin: string;
  stop(): Promise<void>;
}

async function pixelHost(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

export async function startInjectedStore(): Promise<InjectedStore> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const services = await createTestServices({ PUBLIC_URL: url });
  const declared = await pixelHost();
  const undeclared = await pixelHost();
  const app = createApp(services);
  // Around the app's fetch, not a Hono middleware: Hono's c.res setter would put back the
  // original response's cookies and headers over the ones added here.
  const inject = async (request: Request): Promise<Response> => {
    // Asked for uncompressed pages: the page cache answers brotli or gzip, which text() would mangle.
    const plain = new Headers(request.headers);
    plain.delete('accept-encoding');
    const res = await app.fetch(new Request(request, { headers: plain }));
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) return res;
    const path = new URL(request.url).pathname;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    let body = await res.text();
    if (path === '/') headers.append('set-cookie', '_ga=GA1.1.42.1; Path=/; Max-Age=3600');
    if (path.startsWith('/category/')) {
      headers.append('set-cookie', 'hs_tracker=1; Path=/; Max-Age=3600');
    }
    if (path === '/search') {
      // 390 days: past the declared 12 months, within the 400 days Chromium allows.
      headers.append('set-cookie', `hs_lang=en; Path=/; Max-Age=${390 * 86400}`);
    }
    if (path.startsWith('/products/')) {
      const csp = headers.get('content-security-policy') ?? '';
      headers.set(
        'content-security-policy',
        csp.replace("img-src 'self'", `img-src 'self' ${declared.origin} ${undeclared.origin}`),
      );
      body = body.replace(
        '</main>',
        `<img src="${declared.origin}/ok.gif" alt=""><img src="${undeclared.origin}/px.gif" alt=""></main>`,
      );
    }
    return new Response(body, { status: res.status, headers });
  };
  const server = serve({ fetch: inject, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url,
    declaredOrigin: declared.origin,
    undeclaredOrigin: undeclared.origin,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const host of [declared.server, undeclared.server]) {
        await new Promise<void>((resolve) => host.close(() => resolve()));
      }
      await services.close();
    },
  };
}
