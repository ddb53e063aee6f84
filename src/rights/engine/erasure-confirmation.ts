/**
 * Confirms an erasure to the person (GDPR Art. 12(3), 17; RULES.md: "Tell the customer what was
 * kept, why, and until when"). The erasure shreds the address it would be sent to, so:
 *
 * 1. `capture` (a recorded step after `plan`, before any `erase:<module>`; `captureMany`): the
 *    address, the language and the records that will be kept (with until-dates) are sealed under
 *    the request's own vault subject `request:<id>`; the step's output, which staff see, is the
 *    summary of what is kept by category, law and date (no address, no order references);
 * 2. after every `erase:` and `notify:` step, `sendMany` mails the confirmation (outside any
 *    transaction: the dev outbox writes through its own connection; a batch of erasures' mails
 *    together), and the recorded step `confirm` shreds `request:<id>` and drops the sealed row, so
 *    the address does not outlive the confirmation. A crash between the two sends again: at least
 *    once, recorded once.
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
import type { Mailer, OutgoingMail } from '../../notify/mailer.ts';
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
  vault: Pick<Vault, 'seal' | 'open' | 'shredSubjects' | 'prepareSubjects'>;
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

  /**
   * The `capture` step's work for each request (one, or erasures run together), in one
   * transaction: the requests' own keys made in one statement and their sealed addresses written
   * in one. What is kept and the contact are read per request, from what the batch's earlier
   * steps read for all of them (read-memo.ts). One output per request, in order.
   */
  async captureMany(
    db: Executor,
    erasures: readonly { req: RequestRow; subject: SubjectRef; held: LegalHoldSet | null }[],
  ): Promise<CaptureOutput[]> {
    const outputs: CaptureOutput[] = [];
    const toSeal: { requestId: string; captured: Captured }[] = [];
    for (const { req, subject, held } of erasures) {
      const modules = this.deps.registry.modules();
      const kept = await keptRecords(db, modules, this.deps.manifest(), subject);
      const contact = await this.deps.contactOf(db, req);
      if (contact) {
        const captured: Captured = { ...contact, kept };
        if (held) captured.held = await this.#held(db, held);
        toSeal.push({ requestId: req.id, captured });
      }
      outputs.push({
        address: contact !== undefined,
        kept: summariseKept(kept),
        ...(held ? { heldUntil: held.until } : {}),
      });
    }
    if (toSeal.length === 0) return outputs;
    await this.deps.vault.prepareSubjects(
      db,
      toSeal.map((t) => subjectOf(t.requestId)),
    );
    const sealed: { requestId: string; sealed: string }[] = [];
    for (const t of toSeal)
      sealed.push({
        requestId: t.requestId,
        sealed: await this.deps.vault.seal(
          db,
          subjectOf(t.requestId),
          'profile',
          JSON.stringify(t.captured),
          FIELD,
        ),
      });
    await details.insertDetails(db, 'confirmation', sealed);
    return outputs;
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
    return this.#opened(requestId, await details.findDetail(db, requestId, 'confirmation'));
  }

  /** What `capture` sealed (`sealed`, read by the caller), opened; or why nothing can be sent. */
  async #opened(
    requestId: string,
    sealed: string | undefined,
  ): Promise<{ c: Captured; mailer: Mailer } | { refused: ConfirmOutput }> {
    if (!sealed) return { refused: { sent: false, reason: 'no_address' } };
    const db = this.deps.database.db;
    const opened = await this.deps.vault.open(db, subjectOf(requestId), 'profile', sealed, FIELD);
    if (isErased(opened)) return { refused: { sent: false, reason: 'no_address' } };
    if (!this.deps.mailer) return { refused: { sent: false, reason: 'no_mailer' } };
    return { c: JSON.parse(opened) as Captured, mailer: this.deps.mailer };
  }

  /**
   * Mails the confirmation of each request (one, or erasures run together): what each captured,
   * and each one's erasure steps, read in one statement each; the mails sent together (the
   * outbox keeps them in a constant number of statements; SMTP sends them one by one). One
   * outcome per request, in order; call outside any transaction.
   */
  async sendMany(requestIds: readonly string[]): Promise<ConfirmOutput[]> {
    const db = this.deps.database.db;
    const sealed = await details.findDetails(db, requestIds, 'confirmation');
    // Only the erasers' outcomes are told (#outcomes).
    const steps = await repo.recordedStepsOf(db, requestIds, { prefix: 'erase:' });
    const outputs: (ConfirmOutput | undefined)[] = [];
    const mails: { at: number; requestId: string; mail: Omit<OutgoingMail, 'db'> }[] = [];
    for (const [at, requestId] of requestIds.entries()) {
      const captured = await this.#opened(requestId, sealed.get(requestId));
      if ('refused' in captured) {
        outputs.push(captured.refused);
        continue;
      }
      outputs.push(undefined);
      const outcomes = this.#outcomes(steps.get(requestId) ?? new Map());
      mails.push({ at, requestId, mail: this.#confirmationMail(requestId, captured.c, outcomes) });
    }
    if (mails.length === 0) return outputs as ConfirmOutput[];
    const sent = await this.deps.mailer!.sendMany(mails.map((m) => m.mail));
    mails.forEach(({ at, requestId, mail }, i) => {
      const { id, via } = sent[i]!;
      // Nothing found under the address: say so, and claim no account and no erasure.
      if (mail.template === 'erasure_nothing_held') {
        this.deps.log.info({ requestId, mailId: id }, 'erasure found no data: told the person');
        outputs[at] = { sent: true, via, nothingHeld: true };
      } else {
        this.deps.log.info({ requestId, mailId: id }, 'erasure confirmed to the person');
        outputs[at] = { sent: true, via };
      }
    });
    return outputs as ConfirmOutput[];
  }

  /** The confirmation of one erasure, in the person's language (`outcomes`: its erasers'). */
  #confirmationMail(
    requestId: string,
    c: Captured,
    outcomes: { erased: string[]; held: boolean },
  ): Omit<OutgoingMail, 'db'> {
    // The dev outbox seals its copy under the request's id: not the customer, whose keys are gone.
    if (!outcomes.held)
      return { customerId: requestId, to: c.email, template: 'erasure_nothing_held', lang: c.lang };
    const manifest = this.deps.manifest();
    const label = (category: string) => manifest.categories[category]?.label[c.lang] ?? category;
    return {
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
    };
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
   * any module held anything at all (erased or kept). `steps`: the request's, by name.
   */
  #outcomes(steps: ReadonlyMap<string, unknown>): { erased: string[]; held: boolean } {
    const erased = new Set<string>();
    const kept = new Set<string>();
    let held = false;
    for (const [step, output] of steps) {
      if (!step.startsWith('erase:')) continue;
      const outcome = output as ErasureOutcome | null;
      // A module a customer hold left whole is told of as kept, not as erased.
      if (outcome?.held && outcome.erased === 0) {
        held = true;
        continue;
      }
      if (!outcome || (outcome.erased === 0 && outcome.kept.length === 0)) continue;
      held = true;
      const m = this.deps.registry.get(step.slice('erase:'.length));
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
