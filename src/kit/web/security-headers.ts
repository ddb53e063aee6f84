/**
 * Strict security headers. The CSP allows scripts and styles from this origin only: no inline
 * code, no eval, no third-party hosts. The consent banner is an external script for that reason.
 *
 * Hono's `secureHeaders` sets them on the finished web `Response`, which turns the Node server's
 * plain header object into an undici `Headers` (validated, lower-cased and copied back header by
 * header): 15 headers on every answer were a sixth of a consent write's CPU on the Node server
 * (bench:consent's profile, docs/consent-api.md). On the Node server they are set on the outgoing
 * message before the route runs instead, with the same values (taken once from `secureHeaders`
 * itself); @hono/node-server's `writeHead` adds the route's headers over them. So a route's own
 * value for one of these headers wins there (only the banner files set one: CORP cross-origin,
 * src/consent/banner/banner-assets.routes.ts). In-process requests (tests) take Hono's path.
 */
import { ServerResponse } from 'node:http';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const options: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  referrerPolicy: 'strict-origin-when-cross-origin',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  xFrameOptions: 'DENY',
};

/** The headers `secureHeaders` sets with these options, read off one answer of its own. */
export async function securityHeaderList(): Promise<[string, string][]> {
  const probe = new Hono().use(secureHeaders(options)).get('/', (c) => c.body(null));
  const res = await probe.request('/');
  return [...res.headers];
}

export function securityHeaders(): MiddlewareHandler {
  const onResponse = secureHeaders(options);
  let reading: Promise<[string, string][]> | undefined;
  let list: [string, string][] | undefined;
  return async (c, next) => {
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (!(outgoing instanceof ServerResponse)) return onResponse(c, next);
    list ??= await (reading ??= securityHeaderList());
    for (const [name, value] of list) outgoing.setHeader(name, value);
    await next();
  };
}
