/**
 * Mounts the local identity provider (dev-idp.ts) under /dev-idp. It answers before the app's
 * CSRF and body middleware: it is another origin's server in all but address (its token endpoint
 * takes server-to-server form posts without an Origin header) and brings its own protections.
 * It needs the Node server's request and response (`@hono/node-server`), so in-process
 * `app.request()` calls get a 503.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../kit/errors.ts';
import { devIdpPath, type DevIdp } from './dev-idp.ts';

export function devIdpMount(devIdp: DevIdp | undefined): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (path !== devIdpPath && !path.startsWith(`${devIdpPath}/`)) return next();
    if (!devIdp) throw new DomainError('not_found', 'There is no page at this address.');
    const env = c.env as Partial<HttpBindings> | undefined;
    if (!env?.incoming || !env.outgoing) {
      throw new DomainError('unavailable', 'The demo identity provider needs the HTTP server.');
    }
    const done = new Promise<void>((resolve) =>
      env.outgoing!.once('finish', resolve).once('close', resolve),
    );
    devIdp.handle(env.incoming, env.outgoing);
    await done;
    return RESPONSE_ALREADY_SENT;
  };
}
