/** The emailed links of data-subject requests (hashes only). Only this file touches `dsr_links`. */
import type { Insertable, Selectable } from 'kysely';
import type { Lang } from '../../kit/web/i18n.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import type { DsrLinksTable, RequestLinkPurpose } from './request-links.tables.ts';

export type RequestLinkRow = Selectable<DsrLinksTable>;

export async function insertLink(db: Executor, row: Insertable<DsrLinksTable>): Promise<void> {
  await db.insertInto('dsr_links').values(row).execute();
}

/** A link that still works (for showing a confirmation page), without using it. */
export function findLiveLink(
  db: Executor,
  tokenHash: string,
  purpose: RequestLinkPurpose,
  now: Date,
): Promise<RequestLinkRow | undefined> {
  return db
    .selectFrom('dsr_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('uses_left', '>', 0)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses a live link once and returns it, in one statement: two concurrent uses of a link with
 * one use left cannot both succeed.
 */
export function useLink(
  db: Executor,
  tokenHash: string,
  purpose: RequestLinkPurpose,
  now: Date,
): Promise<RequestLinkRow | undefined> {
  return db
    .updateTable('dsr_links')
    .set((eb) => ({ uses_left: eb('uses_left', '-', 1), used_at: now }))
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('uses_left', '>', 0)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** The language of the request's newest link (the one its requester wrote in), if any. */
export async function langOfRequest(db: Executor, requestId: string): Promise<Lang | undefined> {
  const row = await db
    .selectFrom('dsr_links')
    .select('lang')
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.lang;
}

/** Expired links are worthless; they go whenever a new one is made. */
export async function deleteExpiredLinks(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('dsr_links').where('expires_at', '<=', now).execute();
}

/** The language of the page a request's first emailed link was asked from, if it has one. */
export async function linkLangOf(db: Executor, requestId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dsr_links')
    .select('lang')
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.lang;
}
