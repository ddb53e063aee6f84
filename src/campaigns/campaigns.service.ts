/**
 * Newsletter campaigns (P37): written per language, previewed, and sent as a resumable job to
 * exactly the subscriptions whose newsletter consent is in force when their turn comes.
 *
 * - The list is the newsletter's confirmed, unsuppressed subscriptions (an unsubscribed or erased
 *   address is deleted and suppressed, so it is not on it); each one is asked `allows(subject,
 *   'newsletter')` at sending time, which also says no while the person is restricted or objects
 *   to direct marketing (the consent gate's blocks, src/rights/restriction).
 * - Exactly once without SMTP: a batch's send records and its outbox messages commit in one
 *   transaction, so a worker killed at any point leaves either both or neither, and the next run
 *   starts after the last committed batch. With SMTP a record is committed (`claimed`) before
 *   its message is handed over and marked `sent` after: a crash in between leaves it claimed and
 *   it is not sent again, so nobody gets a campaign twice (at most once).
 * - Every mail carries RFC 8058 one-click unsubscribe (List-Unsubscribe and List-Unsubscribe-Post,
 *   src/newsletter) and the same link in its text.
 * - Who was sent what is recorded under the subscription's pseudonym, never the address.
 * - SMS campaigns are refused: the store has no SMS sending channel for marketing (the SMS
 *   partner of the manifest is a disclosure adapter only), so nothing would reach anyone.
 *
 * @example
 *   const { id } = await campaigns.create({ subject, body }, actor);
 *   await campaigns.send(id, actor, { onProgress: (p) => bar.update(p.handled) });
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, NotFoundError, ValidationError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import { isLang, languages, type Lang } from '../kit/web/i18n.ts';
import type { Mailer } from '../notify/mailer.ts';
import { renderMessage, type RenderedMessage } from '../notify/templates.ts';
import * as repo from './campaigns.repository.ts';
import type { CampaignSendsTable } from './campaigns.tables.ts';

export type Localized = Record<Lang, string>;

export interface CampaignInput {
  channel?: string;
  subject: Partial<Localized>;
  body: Partial<Localized>;
}

export interface Campaign {
  id: string;
  channel: 'newsletter';
  subject: Localized;
  body: Localized;
  status: 'draft' | 'sending' | 'sent';
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface CampaignProgress {
  campaignId: string;
  status: Campaign['status'];
  /** Subscriptions on the list when sending started (null before). */
  audience: number | null;
  sent: number;
  skipped: number;
  /** Over SMTP: committed but not confirmed handed over before a crash; never sent again. */
  inDoubt: number;
  handled: number;
}

/**
 * Where campaign mail goes. `outbox`: kept inside the batch's transaction (no SMTP_URL);
 * `smtp`: handed to the mailer after the send record is committed.
 */
export type CampaignDelivery =
  | {
      kind: 'outbox';
      keepManyIn: (
        db: Parameters<typeof repo.insertSends>[0],
        mails: {
          customerId: string;
          template: 'campaign';
          message: RenderedMessage & { to: string; headers: Record<string, string> };
        }[],
      ) => Promise<string[]>;
      purgeExpired: () => Promise<number>;
    }
  | { kind: 'smtp'; mailer: Mailer };

export interface CampaignDeps {
  db: Kysely<DB>;
  vault: Vault;
  consent: {
    allows(subject: { visitorId: string; customerId?: string }, purpose: string): Promise<boolean>;
    prefetch(subjects: { visitorId: string; customerId?: string }[]): Promise<void>;
  };
  newsletter: {
    unsubscribeUrl(subscriptionId: string): string;
    listHeaders(subscriptionId: string): Record<string, string>;
  };
  delivery: CampaignDelivery;
  audit: AuditTrail;
  log: Logger;
  /** In production a campaign goes out over SMTP only DKIM-signed, like every newsletter. */
  production?: boolean;
  now?: () => Date;
}

export class SmsCampaignRefusedError extends DomainError {
  constructor() {
    super(
      'bad_request',
      'SMS campaigns are not sent: the store has no SMS channel for marketing. Write a newsletter campaign instead.',
    );
  }
}

export class CampaignNotDraftError extends DomainError {
  constructor() {
    super('conflict', 'This campaign has already been sent or is being sent; it cannot change.');
  }
}

export class UnsignedCampaignError extends DomainError {
  constructor() {
    super(
      'conflict',
      'Campaigns are not sent in production without DKIM: set DKIM_PRIVATE_KEY_FILE and DKIM_SELECTOR.',
    );
  }
}

const SUBJECT_MAX = 200;
const BODY_MAX = 20_000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a campaign's texts: every language filled, within bounds; the fields that are wrong. */
export function validateCampaign(input: CampaignInput): { subject: Localized; body: Localized } {
  if (input.channel !== undefined && input.channel !== 'newsletter') {
    if (input.channel === 'sms') throw new SmsCampaignRefusedError();
    throw new ValidationError('The channel must be newsletter.', { channel: 'unknown channel' });
  }
  const fields: Record<string, string> = {};
  const subject = {} as Localized;
  const body = {} as Localized;
  for (const lang of languages) {
    const s = (input.subject[lang] ?? '').trim();
    const b = (input.body[lang] ?? '').replace(/\r\n/g, '\n').trim();
    if (!s) fields[`subject_${lang}`] = 'required';
    else if (s.length > SUBJECT_MAX || /[\r\n]/.test(s))
      fields[`subject_${lang}`] = `one line of at most ${SUBJECT_MAX} characters`;
    if (!b) fields[`body_${lang}`] = 'required';
    else if (b.length > BODY_MAX) fields[`body_${lang}`] = `at most ${BODY_MAX} characters`;
    subject[lang] = s;
    body[lang] = b;
  }
  if (Object.keys(fields).length > 0)
    throw new ValidationError(
      'Write the subject and the text in English, Finnish and Swedish.',
      fields,
    );
  return { subject, body };
}

export class CampaignService {
  readonly #d: CampaignDeps;

  constructor(deps: CampaignDeps) {
    this.#d = deps;
  }

  #now(): Date {
    return this.#d.now?.() ?? new Date();
  }

  async create(input: CampaignInput, actor: AuditActor): Promise<Campaign> {
    const { subject, body } = validateCampaign(input);
    const id = randomUUID();
    await this.#d.db.transaction().execute(async (trx) => {
      await repo.insertCampaign(trx, {
        id,
        channel: 'newsletter',
        ...columns(subject, body),
        status: 'draft',
        audience: null,
        started_at: null,
        finished_at: null,
      });
      await this.#d.audit.record(
        { actor, action: 'campaign.create', detail: { campaignId: id } },
        trx,
      );
    });
    return this.get(id);
  }

  /** Changes a draft's texts; a campaign being sent or sent stays as it went out. */
  async update(id: string, input: CampaignInput, actor: AuditActor): Promise<Campaign> {
    const { subject, body } = validateCampaign(input);
    await this.#d.db.transaction().execute(async (trx) => {
      const row = await repo.lockCampaign(trx, checkId(id));
      if (!row) throw new NotFoundError('The campaign');
      if (row.status !== 'draft') throw new CampaignNotDraftError();
      await repo.updateCampaign(trx, id, columns(subject, body));
      await this.#d.audit.record(
        { actor, action: 'campaign.update', detail: { campaignId: id } },
        trx,
      );
    });
    return this.get(id);
  }

  async get(id: string): Promise<Campaign> {
    const row = await repo.findCampaign(this.#d.db, checkId(id));
    if (!row) throw new NotFoundError('The campaign');
    return toCampaign(row);
  }

  async list(limit = 50): Promise<Campaign[]> {
    return (await repo.listCampaigns(this.#d.db, limit)).map(toCampaign);
  }

  /**
   * The message as a subscriber of `lang` gets it, with a sample unsubscribe link, and how many
   * subscriptions are on the list now (the consent check at sending time may skip some).
   */
  async preview(id: string, lang: Lang): Promise<{ message: RenderedMessage; listSize: number }> {
    const c = await this.get(id);
    return {
      message: renderMessage('campaign', lang, {
        subject: c.subject[lang],
        body: c.body[lang],
        link: this.#d.newsletter.unsubscribeUrl('00000000-0000-4000-8000-000000000000'),
      }),
      listSize: await repo.countList(this.#d.db),
    };
  }

  async progress(id: string): Promise<CampaignProgress> {
    const row = await repo.findCampaign(this.#d.db, checkId(id));
    if (!row) throw new NotFoundError('The campaign');
    const n = await repo.countOutcomes(this.#d.db, id);
    return {
      campaignId: id,
      status: row.status,
      audience: row.audience,
      sent: n.sent,
      skipped: n.skipped,
      inDoubt: n.claimed,
      handled: n.sent + n.skipped + n.claimed,
    };
  }

  /** Marks a draft as sending (the job then does the work); a campaign already going is left be. */
  async start(id: string, actor: AuditActor): Promise<CampaignProgress> {
    const { db } = this.#d;
    const d = this.#d.delivery;
    if (this.#d.production && d.kind === 'smtp' && !d.mailer.dkimSigned)
      throw new UnsignedCampaignError();
    await db.transaction().execute(async (trx) => {
      const row = await repo.lockCampaign(trx, checkId(id));
      if (!row) throw new NotFoundError('The campaign');
      if (row.status !== 'draft') return;
      const audience = await repo.countList(trx);
      await repo.updateCampaign(trx, id, {
        status: 'sending',
        audience,
        started_at: this.#now(),
      });
      await this.#d.audit.record(
        { actor, action: 'campaign.send', detail: { campaignId: id, audience } },
        trx,
      );
    });
    return this.progress(id);
  }

  /**
   * Sends (or resumes sending) a campaign to everyone on the list it has not handled yet, in
   * batches; returns the final counts. Safe to run again after a crash, and idempotent once sent.
   */
  async send(
    id: string,
    actor: AuditActor,
    options: { batchSize?: number; onProgress?: (p: CampaignProgress) => void } = {},
  ): Promise<CampaignProgress> {
    const { db, delivery } = this.#d;
    const batchSize = options.batchSize ?? 200;
    let progress = await this.start(id, actor);
    if (progress.status === 'sent') return progress;
    const campaign = await this.get(id);
    if (delivery.kind === 'outbox') await delivery.purgeExpired();
    let after: string | null = null;
    for (;;) {
      const batch = await repo.nextUnhandled(db, id, after, batchSize);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      const planned = await this.#plan(campaign, batch);
      if (delivery.kind === 'outbox') {
        await db.transaction().execute(async (trx) => {
          await repo.insertSends(
            trx,
            planned.map((p) => p.row),
          );
          await delivery.keepManyIn(
            trx,
            planned.flatMap((p) =>
              p.mail
                ? [
                    {
                      customerId: p.row.subscription_id,
                      template: 'campaign' as const,
                      message: p.mail,
                    },
                  ]
                : [],
            ),
          );
        });
      } else {
        await repo.insertSends(
          db,
          planned.map((p) => p.row),
        );
        for (const p of planned) {
          if (!p.mail) continue;
          await delivery.mailer.send({
            customerId: p.row.subscription_id,
            to: p.mail.to,
            template: 'campaign',
            lang: p.lang,
            vars: { subject: campaign.subject[p.lang], body: campaign.body[p.lang], link: p.link },
            headers: p.mail.headers,
          });
          await repo.markSent(db, id, p.row.subscription_id);
        }
      }
      progress = await this.progress(id);
      options.onProgress?.(progress);
    }
    await db.transaction().execute(async (trx) => {
      const row = await repo.lockCampaign(trx, id);
      if (row?.status !== 'sending') return;
      await repo.updateCampaign(trx, id, { status: 'sent', finished_at: this.#now() });
      const n = await repo.countOutcomes(trx, id);
      await this.#d.audit.record(
        {
          actor,
          action: 'campaign.sent',
          detail: { campaignId: id, sent: n.sent, skipped: n.skipped, inDoubt: n.claimed },
        },
        trx,
      );
    });
    progress = await this.progress(id);
    // Counts only: a log line outlives every subscriber's erasure.
    this.#d.log.info(
      { campaignId: id, sent: progress.sent, skipped: progress.skipped, inDoubt: progress.inDoubt },
      'campaign sent',
    );
    return progress;
  }

  /** Decides each subscription of a batch at sending time: the message, or a skip. */
  async #plan(campaign: Campaign, batch: repo.ListEntry[]) {
    const { db, vault, consent, newsletter } = this.#d;
    const at = this.#now();
    const smtp = this.#d.delivery.kind === 'smtp';
    // One query for the whole batch's consent; allows() below then answers from the cache.
    await consent.prefetch(
      batch.map((e) => ({
        visitorId: e.id,
        ...(e.customer_id ? { customerId: e.customer_id } : {}),
      })),
    );
    const out = [];
    for (const e of batch) {
      const lang: Lang = isLang(e.lang) ? e.lang : 'en';
      const allowed = await consent.allows(
        { visitorId: e.id, ...(e.customer_id ? { customerId: e.customer_id } : {}) },
        'newsletter',
      );
      const address = allowed
        ? await vault.open(db, e.id, 'profile', e.email_sealed, 'email')
        : undefined;
      const ok = address !== undefined && !isErased(address);
      const row: CampaignSendsTable = {
        campaign_id: campaign.id,
        subscription_id: e.id,
        customer_id: e.customer_id,
        account_index: e.account_index,
        outcome: ok ? (smtp ? 'claimed' : 'sent') : 'skipped',
        lang,
        at,
      };
      const link = newsletter.unsubscribeUrl(e.id);
      const mail = ok
        ? {
            to: address,
            ...renderMessage('campaign', lang, {
              subject: campaign.subject[lang],
              body: campaign.body[lang],
              link,
            }),
            headers: newsletter.listHeaders(e.id),
          }
        : undefined;
      out.push({ row, lang, link, mail });
    }
    return out;
  }
}

function checkId(id: string): string {
  if (!uuid.test(id)) throw new NotFoundError('The campaign');
  return id;
}

function columns(subject: Localized, body: Localized) {
  return {
    subject_en: subject.en,
    subject_fi: subject.fi,
    subject_sv: subject.sv,
    body_en: body.en,
    body_fi: body.fi,
    body_sv: body.sv,
  };
}

function toCampaign(r: repo.CampaignRow): Campaign {
  return {
    id: r.id,
    channel: r.channel,
    subject: { en: r.subject_en, fi: r.subject_fi, sv: r.subject_sv },
    body: { en: r.body_en, fi: r.body_fi, sv: r.body_sv },
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
