/** Shopify webhook deliveries seen (replay protection) and staff tasks. Only this file touches them. */
import type { Executor } from '../../core/personal-data-registry.ts';

export interface WebhookDelivery {
  webhookIdHash: string;
  topic: string;
  requestId?: string;
  staffTaskId?: string;
}

/** Records a delivery; false when its id was already recorded (a redelivery). */
export async function recordDelivery(db: Executor, d: WebhookDelivery): Promise<boolean> {
  const row = await db
    .insertInto('shopify_webhooks')
    .values({
      webhook_id_hash: d.webhookIdHash,
      topic: d.topic,
      request_id: d.requestId ?? null,
      staff_task_id: d.staffTaskId ?? null,
    })
    .onConflict((oc) => oc.column('webhook_id_hash').doNothing())
    .returning('webhook_id_hash')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findDelivery(db: Executor, webhookIdHash: string) {
  return db
    .selectFrom('shopify_webhooks')
    .select(['topic', 'request_id', 'staff_task_id', 'received_at'])
    .where('webhook_id_hash', '=', webhookIdHash)
    .executeTakeFirst();
}

export async function insertStaffTask(
  db: Executor,
  task: { id: string; kind: 'shop_redact'; source: string; detail: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('staff_tasks')
    .values({
      id: task.id,
      kind: task.kind,
      source: task.source,
      detail: JSON.stringify(task.detail),
    })
    .execute();
}

/** Open staff tasks, oldest first. */
export async function listOpenStaffTasks(db: Executor) {
  return db
    .selectFrom('staff_tasks')
    .select(['id', 'kind', 'source', 'detail', 'created_at'])
    .where('done_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
