/**
 * Art. 14 notices: telling a person about data we received from someone else (a Google or
 * Facebook sign-in profile, Avarda's credit decision), once per person and source, in their
 * language, within one month and at once where we can.
 *
 * The duty is recorded in the transaction that stores the data (`record`), so a crash between
 * the data's arrival and the mail loses nothing: the row stays owed. `deliver` sends it right
 * after the commit; `sendOwed` (the housekeeping of the daily retention run, and of
 * `custodian retention run`) sends whatever is still owed. A sender first claims the row with a short lease in one
 * conditional UPDATE, so concurrent senders (the request and the sweep, two processes) send a
 * notice once; only a crash after the mail left and before `sent_at` was written can repeat it,
 * and then the person gets the same notice twice rather than never.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { addMonths } from '../../core/manifest/duration.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import {
  isThirdPartySource,
  type ThirdPartyArrival,
  type ThirdPartyNotices,
} from '../../core/third-party-data.ts';
import type { DB } from '../../kit/db/schema.ts';
import type { Logger } from '../../kit/log.ts';
import { isLang } from '../../kit/web/i18n.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import type { Mailer } from '../../notify/mailer.ts';
import { renderNoticeText, sourceNotice } from './source-notice-content.ts';
import {
  claimNotice,
  deleteNotices,
  insertNoticeOnce,
  markSent,
  pendingNoticeIds,
  releaseNotice,
  type SourceNoticeRow,
} from './source-notices.repository.ts';

export interface SourceNoticeDeps {
  db: Kysely<DB>;
  vault: Vault;
  mailer: Mailer;
  manifest: () => Manifest;
  log: Logger;
  now?: () => Date;
  /** How long a sender's claim lasts before another may retry (a crashed sender's claim). */
  leaseMs?: number;
}

/** The vault field name the address is sealed under (bound into the ciphertext). */
const RECIPIENT_FIELD = 'source_notice_to';

export class SourceNoticeService implements ThirdPartyNotices {
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly deps: SourceNoticeDeps) {
    this.now = deps.now ?? (() => new Date());
    this.leaseMs = deps.leaseMs ?? 10 * 60_000;
  }

  async record(db: Executor, arrival: ThirdPartyArrival): Promise<string | undefined> {
    const subjectKey = arrival.customerId
      ? `customer:${arrival.customerId}`
      : arrival.emailIndex
        ? `email:${arrival.emailIndex}`
        : `subject:${arrival.subjectId}`;
    return insertNoticeOnce(db, {
      id: randomUUID(),
      subject_key: subjectKey,
      customer_id: arrival.customerId,
      subject_id: arrival.subjectId,
      email_index: arrival.emailIndex,
      source: arrival.source,
      lang: arrival.lang,
      recipient_sealed: await this.deps.vault.seal(
        db,
        arrival.subjectId,
        'profile',
        arrival.email,
        RECIPIENT_FIELD,
      ),
      received_at: arrival.receivedAt,
      // Art. 14(3)(a): at the latest one month after the data arrived.
      due_at: addMonths(arrival.receivedAt, 1),
    });
  }

  async deliver(id: string | undefined): Promise<void> {
    if (id) await this.#deliver(id);
  }

  /** Sends every notice still owed (a failed or interrupted send); how many went out. */
  async sendOwed(batch = 100): Promise<number> {
    let sent = 0;
    const seen = new Set<string>();
    for (;;) {
      const ids = (await pendingNoticeIds(this.deps.db, this.now(), batch)).filter(
        ({ id }) => !seen.has(id),
      );
      if (ids.length === 0) return sent;
      for (const { id } of ids) {
        seen.add(id);
        if (await this.#deliver(id)) sent += 1;
      }
    }
  }

  /** True when this call sent the notice. */
  async #deliver(id: string): Promise<boolean> {
    const { db, log } = this.deps;
    const now = this.now();
    let row: SourceNoticeRow | undefined;
    try {
      row = await claimNotice(db, id, now, new Date(now.getTime() + this.leaseMs));
    } catch (err) {
      log.warn({ noticeId: id, error: errorName(err) }, 'source notice not claimed');
      return false;
    }
    if (!row) return false;
    try {
      const outcome = await this.#send(row);
      if (outcome === 'erased') {
        // The person was erased meanwhile: nobody is left to tell, and the row must go too.
        await deleteNotices(db, [row.id]);
        return false;
      }
      await markSent(db, row.id, this.now());
      if (now > row.due_at) log.warn({ noticeId: row.id }, 'source notice sent after its due date');
      log.info({ noticeId: row.id, source: row.source }, 'source notice sent');
      return true;
    } catch (err) {
      // Only the class name: an SMTP refusal can quote the address.
      log.warn({ noticeId: row.id, error: errorName(err) }, 'source notice not sent; owed');
      await releaseNotice(db, row.id).catch(() => undefined);
      return false;
    }
  }

  async #send(row: SourceNoticeRow): Promise<'sent' | 'erased'> {
    const { db, vault, mailer, manifest } = this.deps;
    if (!row.recipient_sealed || !isThirdPartySource(row.source)) return 'erased';
    const to = await vault.open(
      db,
      row.subject_id,
      'profile',
      row.recipient_sealed,
      RECIPIENT_FIELD,
    );
    if (isErased(to)) return 'erased';
    const lang = isLang(row.lang) ? row.lang : 'en';
    const m = manifest();
    const { subject, text } = renderNoticeText(
      m,
      sourceNotice(m, row.source),
      lang,
      row.received_at,
    );
    await mailer.send({
      customerId: row.subject_id,
      to,
      template: 'source_notice',
      lang,
      vars: { noticeSubject: subject, notice: text },
    });
    return 'sent';
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
