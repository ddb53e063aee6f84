/**
 * Confirms an erasure to the person (GDPR Art. 12(3), 17; RULES.md: "Tell the customer what was
 * kept, why, and until when"). The erasure shreds the address it would be sent to, so:
 *
 * 1. `capture` (a recorded step after `plan`, before any `erase:<module>`): the address, the
 *    language and the records that will be kept (with until-dates) are sealed under the request's
 *    own vault subject `request:<id>`; the step's output, which staff see, is the summary of what
 *    is kept by category, law and date (no address, no order references);
 * 2. after every `erase:` and `notify:` step, `send` mails the confirmation (outside any
 *    transaction: the dev outbox writes through its own connection), and the recorded step
 *    `confirm` shreds `request:<id>` and drops the sealed row, so the address does not outlive the
 *    confirmation. A crash between the two sends again: at least once, recorded once.
 *
 * Under a legal hold (Art. 17(3)(e)) `capture` also seals what the hold keeps (the held orders'
 * references, the categories a customer hold keeps) and its end date; the confirmation then says
 * what was not erased, that it is needed for legal claims (never the hold's reason, which is
 * staff's), until when at the latest, and the complaint route; `confirm` keeps the address,
 * `sendHoldExtended` tells a later date when a hold placed or extended afterwards keeps it longer,
 * and `sendHoldEnded` tells the person when the rest is erased (`confirm-held` then shreds it).
 */
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import { isLang, type Lang } from '../../kit/web/i18n.ts';
import { keptRecords, summariseKept, type KeptRecord, type KeptSummary } from './kept-records.ts';
import type {
  ErasureOutcome,
  Executor,
  LegalHoldSet,
  PersonalDataRegistry,
  SubjectRef,
} from '../../core/personal-data-registry.ts';
import * as details from './request-details.repository.ts';
import { linkLangOf } from '../privacy-center/request-links.repository.ts';
import * as repo from './rights.repository.ts';
import type { RequestRow } from './rights.repository.ts';

export interface Contact {
  email: string;
  lang: Lang;
  /** False when the address is only the requester's: no account to say is closed. */
  account?: boolean;
}

export interface ConfirmationDeps {
  database: Database;
  vault: Pick<Vault, 'seal' | 'open' | 'shredSubjects'>;
  registry: PersonalDataRegistry;
  manifest: () => Manifest;
  /** Where to write: the account's address and language, else the requester's sealed address. */
  contactOf: (db: Executor, req: RequestRow) => Promise<Contact | undefined>;
  /** Without a mailer (the engine tested alone) the confirmation is recorded as not sent. */
  mailer?: Mailer | undefined;
  /** The references of orders a legal hold keeps, as the person knows them. */
  orderReferences?: (db: Executor, orderIds: string[]) => Promise<string[]>;
  log: Logger;
}

/** The output of the `capture` step. */
export interface CaptureOutput {
  address: boolean;
  kept: KeptSummary[];
  /** Kept under a legal hold until (ISO): the latest end of the holds in force. */
  heldUntil?: string;
}

/** What a legal hold keeps, as the person is told it (sealed with the address). */
interface HeldCapture {
  until: string;
  /** References of the orders a hold names. */
  orders: string[];
  /** Manifest categories a hold on the customer keeps. */
  categories: string[];
}

/** The output of the `confirm` step. */
export type ConfirmOutput =
  | { sent: true; via: string; nothingHeld?: true }
  | { sent: false; reason: 'no_address' | 'no_mailer' };

interface Captured extends Contact {
  kept: KeptRecord[];
  held?: HeldCapture;
}

const FIELD = 'erasure_confirmation';
const subjectOf = (requestId: string) => `request:${requestId}`;

export class ErasureConfirmation {
  constructor(private readonly deps: ConfirmationDeps) {}

  async capture(
    db: Executor,
    req: RequestRow,
    subject: SubjectRef,
    held: LegalHoldSet | null = null,
  ): Promise<CaptureOutput> {
    const kept = await keptRecords(db, this.deps.registry.modules(), this.deps.manifest(), subject);
    const contact = await this.deps.contactOf(db, req);
    if (contact) {
      const captured: Captured = { ...contact, kept };
      if (held) captured.held = await this.#held(db, held);
      const sealed = await this.deps.vault.seal(
        db,
        subjectOf(req.id),
        'profile',
        JSON.stringify(captured),
        FIELD,
      );
      await details.insertDetail(db, req.id, 'confirmation', sealed);
    }
    return {
      address: contact !== undefined,
      kept: summariseKept(kept),
      ...(held ? { heldUntil: held.until } : {}),
    };
  }

  async #held(db: Executor, held: LegalHoldSet): Promise<HeldCapture> {
    const orders =
      held.orderIds.length > 0
        ? ((await this.deps.orderReferences?.(db, held.orderIds)) ?? [])
        : [];
    return {
      until: held.until,
      orders: orders.sort(),
      categories: held.customer ? this.deps.registry.categoriesKeptUnderCustomerHold() : [],
    };
  }

  /** What `capture` sealed, and the mailer to tell it with; or why nothing can be sent. */
  async #captured(
    requestId: string,
  ): Promise<{ c: Captured; mailer: Mailer } | { refused: ConfirmOutput }> {
    const db = this.deps.database.db;
    const sealed = await details.findDetail(db, requestId, 'confirmation');
    if (!sealed) return { refused: { sent: false, reason: 'no_address' } };
    const opened = await this.deps.vault.open(db, subjectOf(requestId), 'profile', sealed, FIELD);
    if (isErased(opened)) return { refused: { sent: false, reason: 'no_address' } };
    if (!this.deps.mailer) return { refused: { sent: false, reason: 'no_mailer' } };
    return { c: JSON.parse(opened) as Captured, mailer: this.deps.mailer };
  }

  /** Mails the confirmation; call outside any transaction. */
  async send(requestId: string): Promise<ConfirmOutput> {
    const captured = await this.#captured(requestId);
    if ('refused' in captured) return captured.refused;
    const { c, mailer } = captured;
    const outcomes = await this.#outcomes(requestId);
    if (!outcomes.held) {
      // Nothing found under the address: say so, and claim no account and no erasure.
      const mail = await mailer.send({
        customerId: requestId,
        to: c.email,
        template: 'erasure_nothing_held',
        lang: c.lang,
      });
      this.deps.log.info({ requestId, mailId: mail.id }, 'erasure found no data: told the person');
      return { sent: true, via: mail.via, nothingHeld: true };
    }
    const manifest = this.deps.manifest();
    const label = (category: string) => manifest.categories[category]?.label[c.lang] ?? category;
    const mail = await mailer.send({
      // The dev outbox seals its copy under this id: not the customer, whose keys are gone.
      customerId: requestId,
      to: c.email,
      template: 'erasure_confirmation',
      lang: c.lang,
      vars: {
        erasure: {
          account: c.account !== false,
          erased: outcomes.erased.map(label),
          kept: c.kept.map((k) => ({
            ...k,
            categories: k.categories.map(label),
            // The law by its name in the mail's language (the record keeps the English name).
            law: (k.retention && manifest.retention[k.retention]?.law?.[c.lang]) ?? k.law,
          })),
          ...(c.held
            ? {
                held: {
                  until: c.held.until.slice(0, 10),
                  orders: c.held.orders,
                  categories: c.held.categories.map(label),
                },
              }
            : {}),
        },
      },
    });
    this.deps.log.info({ requestId, mailId: mail.id }, 'erasure confirmed to the person');
    return { sent: true, via: mail.via };
  }

  /**
   * Tells the person a later date: a hold placed or extended after the erasure keeps what it kept
   * until `until` (ISO) at the latest (held-erasures.ts `announce`). Never the hold's reason: the
   * mail says only what is kept, that it is for legal claims, and until when. Outside any
   * transaction.
   */
  async sendHoldExtended(requestId: string, until: string): Promise<ConfirmOutput> {
    return this.#sendHeld(
      requestId,
      'erasure_hold_extended',
      { until: until.slice(0, 10) },
      'legal hold lasts longer: told the person',
    );
  }

  /** Tells the person that what a legal hold kept is erased now; call outside any transaction. */
  async sendHoldEnded(requestId: string): Promise<ConfirmOutput> {
    return this.#sendHeld(
      requestId,
      'erasure_hold_ended',
      {},
      'held erasure completed: told the person',
    );
  }

  /** A mail about what a legal hold kept (its orders and categories, in the person's language). */
  async #sendHeld(
    requestId: string,
    template: 'erasure_hold_extended' | 'erasure_hold_ended',
    extra: { until?: string },
    logMessage: string,
  ): Promise<ConfirmOutput> {
    const captured = await this.#captured(requestId);
    if ('refused' in captured) return captured.refused;
    const { c, mailer } = captured;
    const manifest = this.deps.manifest();
    const label = (category: string) => manifest.categories[category]?.label[c.lang] ?? category;
    const mail = await mailer.send({
      customerId: requestId,
      to: c.email,
      template,
      lang: c.lang,
      vars: {
        erasureHeld: {
          orders: c.held?.orders ?? [],
          categories: (c.held?.categories ?? []).map(label),
          ...extra,
        },
      },
    });
    this.deps.log.info({ requestId, mailId: mail.id }, logMessage);
    return { sent: true, via: mail.via };
  }

  /** Forgets the address: in the `confirm` (or, under a hold, `confirm-held`) step's transaction. */
  async forget(db: Executor, requestId: string): Promise<void> {
    await details.deleteDetail(db, requestId, 'confirmation');
    // The dev outbox's copy (see send), sealed under the request's id, goes with it: both
    // subjects' keys in one ledger write.
    await this.deps.vault.shredSubjects(db, [subjectOf(requestId), requestId]);
  }

  /**
   * {@link forget} for several requests confirmed in one transaction (a retention sweep's
   * erasures): one delete, and every subject's keys in one ledger write.
   */
  async forgetAll(db: Executor, requestIds: readonly string[]): Promise<void> {
    await details.deleteDetails(db, requestIds, 'confirmation');
    await this.deps.vault.shredSubjects(
      db,
      requestIds.flatMap((id) => [subjectOf(id), id]),
    );
  }

  /**
   * Categories of every module whose erasure found something, less the ones it kept; and whether
   * any module held anything at all (erased or kept).
   */
  async #outcomes(requestId: string): Promise<{ erased: string[]; held: boolean }> {
    const steps = await repo.listSteps(this.deps.database.db, requestId);
    const erased = new Set<string>();
    const kept = new Set<string>();
    let held = false;
    for (const s of steps) {
      if (!s.step.startsWith('erase:')) continue;
      const outcome = s.output as ErasureOutcome | null;
      // A module a customer hold left whole is told of as kept, not as erased.
      if (outcome?.held && outcome.erased === 0) {
        held = true;
        continue;
      }
      if (!outcome || (outcome.erased === 0 && outcome.kept.length === 0)) continue;
      held = true;
      const m = this.deps.registry.get(s.step.slice('erase:'.length));
      for (const c of m?.categories ?? []) erased.add(c);
      for (const c of outcome.kept) kept.add(c);
    }
    return { erased: [...erased].filter((c) => !kept.has(c)).sort(), held };
  }
}

/**
 * The account's address and language, else the address a requester gave (sealed on the request),
 * in the language of the page they asked from (their emailed link's), or English.
 */
export function contactFrom(
  vault: Pick<Vault, 'open'>,
  account: (db: Executor, customerId: string) => Promise<Contact | undefined>,
): ConfirmationDeps['contactOf'] {
  return async (db, req) => {
    if (req.customer_id) {
      const contact = await account(db, req.customer_id);
      if (contact) return { ...contact, account: true };
    }
    if (!req.email_sealed) return undefined;
    const email = await vault.open(db, subjectOf(req.id), 'profile', req.email_sealed, 'email');
    if (isErased(email)) return undefined;
    return { email, lang: asLang((await linkLangOf(db, req.id)) ?? 'en'), account: false };
  };
}

export function asLang(value: string): Lang {
  return isLang(value) ? value : 'en';
}
