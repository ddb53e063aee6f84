/**
 * Shopify-compatible compliance webhooks. Each is signed with HMAC-SHA256 of the raw body under
 * SHOPIFY_WEBHOOK_SECRET, base64 in `X-Shopify-Hmac-Sha256`; a missing or wrong signature is a
 * 401, and without a configured secret every webhook is refused.
 *
 * - `customers/data_request` → an access request, verified (the signed shop vouches for it);
 * - `customers/redact` → an erasure request, verified;
 * - `shop/redact` → acknowledged and logged, not executed: erasing every customer of the store is
 *   a decision for people, not for a webhook.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';
import type { AppEnv } from '../web/env.ts';
import { shopifyCustomerWebhook, shopifyShopRedact } from './rights-api.ts';
import type { RequestType } from './rights.ts';

/** True when `signature` is the base64 HMAC-SHA256 of `body` under `secret`, compared in constant time. */
export function verifyShopifyHmac(
  secret: string,
  body: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function shopifyWebhookRoutes(services: Pick<Services, 'rights' | 'config' | 'log'>) {
  const app = new Hono<AppEnv>();

  app.use('/webhooks/shopify/*', async (c, next) => {
    const secret = services.config.shopifyWebhookSecret;
    const body = await c.req.text();
    if (!secret || !verifyShopifyHmac(secret, body, c.req.header('x-shopify-hmac-sha256')))
      throw new DomainError('unauthenticated', 'The webhook signature does not match.');
    await next();
  });

  const customerWebhook = (type: RequestType) => async (c: Context<AppEnv>) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await c.req.text());
    } catch {
      throw new DomainError('bad_request', 'The webhook body must be JSON.');
    }
    const body = shopifyCustomerWebhook.parse(parsed);
    const view = await services.rights.requests.create({
      type,
      channel: 'shopify',
      email: body.customer.email,
      verified: true,
    });
    return c.json({ requestId: view.id, status: view.status, dueAt: view.dueAt }, 200);
  };

  app.post('/webhooks/shopify/customers/data_request', customerWebhook('access'));
  app.post('/webhooks/shopify/customers/redact', customerWebhook('erasure'));
  app.post('/webhooks/shopify/shop/redact', async (c) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await c.req.text());
    } catch {
      throw new DomainError('bad_request', 'The webhook body must be JSON.');
    }
    shopifyShopRedact.parse(parsed);
    services.log.warn('shop/redact webhook received: left for staff to decide');
    return c.json({ acknowledged: true }, 200);
  });
  return app;
}
