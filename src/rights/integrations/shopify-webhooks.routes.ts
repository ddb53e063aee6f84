/**
 * Shopify-compatible compliance webhooks. Each is signed with HMAC-SHA256 of the raw body under
 * SHOPIFY_WEBHOOK_SECRET, base64 in `X-Shopify-Hmac-Sha256`; a missing or wrong signature is a
 * 401, and without a configured secret every webhook is refused.
 *
 * - `customers/data_request` → an access request, verified (the signed shop vouches for it);
 * - `customers/redact` → an erasure request, verified;
 * - `shop/redact` → not executed (erasing every customer of the store is a decision for people,
 *   not for a webhook) but recorded as a staff task, listed at `GET /api/staff/tasks`.
 *
 * Replay protection: each delivery's `X-Shopify-Webhook-Id` is recorded (as its SHA-256) in the
 * same transaction as the request or task it created; a redelivery of the same id is answered
 * 200 with what the first delivery created, and creates nothing. A crash before that commit
 * leaves neither, so Shopify's retry is handled as new.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { DomainError } from '../../kit/errors.ts';
import type { Config } from '../../kit/config.ts';
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { RightsServices } from '../create-rights.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import { shopifyCustomerWebhook, shopifyShopRedact } from './rights-api.ts';
import type { RequestType } from '../engine/rights.ts';
import {
  findDelivery,
  insertStaffTask,
  listOpenStaffTasks,
  recordDelivery,
} from './shopify-webhooks.repository.ts';
import { requireStaff } from './staff-token.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  database: Database;
  log: Logger;
  rights: RightsServices;
}

/** Thrown inside the creating transaction when the delivery id is already recorded: rolls back. */
class Redelivery extends Error {}

/** The SHA-256 of the `X-Shopify-Webhook-Id` header; undefined when absent. */
function webhookIdHash(c: Context<AppEnv>): string | undefined {
  const id = c.req.header('x-shopify-webhook-id');
  if (id === undefined) return undefined;
  if (id.length === 0 || id.length > 255)
    throw new DomainError('bad_request', 'X-Shopify-Webhook-Id must be 1 to 255 characters.');
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Records the delivery in `trx`, or throws {@link Redelivery} when it was seen already. */
async function record(
  trx: Executor,
  hash: string | undefined,
  topic: string,
  ids: { requestId?: string; staffTaskId?: string },
): Promise<void> {
  if (hash && !(await recordDelivery(trx, { webhookIdHash: hash, topic, ...ids })))
    throw new Redelivery();
}

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

export function shopifyWebhookRoutes(
  services: Pick<Services, 'rights' | 'config' | 'log' | 'database'>,
) {
  const { db } = services.database;
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
    const hash = webhookIdHash(c);
    const topic = type === 'access' ? 'customers/data_request' : 'customers/redact';
    const answer = (view: { id: string; status: string; dueAt: string }) =>
      c.json({ requestId: view.id, status: view.status, dueAt: view.dueAt }, 200);
    const again = async () => {
      const seen = hash ? await findDelivery(db, hash) : undefined;
      if (!seen?.request_id)
        throw new DomainError('conflict', 'This webhook was already received.');
      services.log.info({ requestId: seen.request_id, topic }, 'shopify webhook redelivered');
      return answer(await services.rights.requests.get(seen.request_id));
    };
    if (hash && (await findDelivery(db, hash))) return again();
    try {
      const view = await services.rights.requests.create(
        { type, channel: 'shopify', email: body.customer.email, verified: true },
        (trx, requestId) => record(trx, hash, topic, { requestId }),
      );
      return answer(view);
    } catch (err) {
      // Two deliveries of one id at once: the second waited on the first's insert, then lost.
      if (err instanceof Redelivery) return again();
      throw err;
    }
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
    const body = shopifyShopRedact.parse(parsed);
    const hash = webhookIdHash(c);
    const seen = hash ? await findDelivery(db, hash) : undefined;
    if (seen) return c.json({ acknowledged: true, staffTaskId: seen.staff_task_id }, 200);
    const staffTaskId = randomUUID();
    try {
      await db.transaction().execute(async (trx) => {
        await insertStaffTask(trx, {
          id: staffTaskId,
          kind: 'shop_redact',
          source: 'shopify',
          // The shop, not a person: the domain names the store whose data Shopify asks to erase.
          detail: { shopDomain: body.shop_domain },
        });
        await record(trx, hash, 'shop/redact', { staffTaskId });
      });
    } catch (err) {
      if (!(err instanceof Redelivery)) throw err;
      const first = hash ? await findDelivery(db, hash) : undefined;
      return c.json({ acknowledged: true, staffTaskId: first?.staff_task_id ?? null }, 200);
    }
    services.log.warn(
      { staffTaskId },
      'shop/redact webhook received: recorded for staff to decide',
    );
    return c.json({ acknowledged: true, staffTaskId }, 200);
  });

  // The staff's list of what the service left for people to do (bearer STAFF_API_TOKEN).
  const staff = new Hono<AppEnv>();
  staff.use(
    '*',
    requireStaff(() => services.config.staffApiToken),
  );
  staff.get('/', async (c) => {
    c.header('cache-control', 'no-store');
    const tasks = await listOpenStaffTasks(db);
    return c.json({
      tasks: tasks.map((t) => ({
        id: t.id,
        kind: t.kind,
        source: t.source,
        detail: t.detail,
        createdAt: t.created_at.toISOString(),
      })),
    });
  });
  app.route('/api/staff/tasks', staff);
  return app;
}
