/**
 * Closing one's own account (GDPR Art. 17) from the privacy center. Before the customer
 * confirms, `preview` says what will be kept for accounting, per order, why and until when; then
 * `close` checks that they understood and that it is them (the current password, or for an
 * account that signs in only with Google or Facebook a typed confirmation word), files a verified
 * self-service erasure request (the engine erases and confirms by email), and signs every device
 * out at once, before the erasure itself has run.
 *
 * @example
 *   const { kept } = await closing.preview(customerId);
 *   await closing.close(customerId, { understood: true, password }); // CloseAccountInputError on bad input
 */
import { findCustomerById } from '../../customers/customers.repository.ts';
import { verifyPassword } from '../../customers/sign-in/password.ts';
import type { SessionService } from '../../customers/sign-in/sessions.service.ts';
import type { Database } from '../../kit/db/database.ts';
import { NotFoundError, ValidationError } from '../../kit/errors.ts';
import type { Logger } from '../../kit/log.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { RateLimits, type RateLimiter } from '../../kit/web/rate-limit.ts';
import { keptRecords, type KeptRecord } from '../engine/kept-records.ts';
import type {
  Executor,
  LegalHoldSet,
  PersonalDataRegistry,
  SubjectRef,
} from '../../core/personal-data-registry.ts';
import { findOrder } from '../../orders/orders.repository.ts';
import type { RequestView, RightsService } from '../engine/rights.service.ts';

/** The word an account without a password types to confirm, in any of the store's languages. */
export const CONFIRMATION_WORDS = { en: 'CLOSE', fi: 'SULJE', sv: 'STÄNG' } as const;

export type CloseProblem = 'required' | 'wrong_password' | 'wrong_word';
export type CloseField = 'understood' | 'password' | 'confirmation';

export class CloseAccountInputError extends ValidationError {
  constructor(readonly problems: Partial<Record<CloseField, CloseProblem>>) {
    super(
      'The account was not closed: confirm that you understand, and prove it is you.',
      Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v.replace('_', ' ')])),
    );
  }
}

export interface ClosePreview {
  /** A password account confirms with its password; otherwise with the typed word. */
  hasPassword: boolean;
  kept: KeptRecord[];
  /**
   * Art. 17(3)(e): what a legal hold keeps for now, and until when at the latest (`YYYY-MM-DD`);
   * never why (the hold's reason is staff's). Absent: no hold.
   */
  held?: { until: string; orders: string[]; categories: string[] };
}

export interface CloseInput {
  understood: boolean;
  password?: string | undefined;
  confirmation?: string | undefined;
}

export interface CloseAccountDeps {
  database: Database;
  registry: PersonalDataRegistry;
  manifest: () => Manifest;
  requests: RightsService;
  sessions: SessionService;
  /** The legal holds in force on a subject (the rights engine's); none given: none. */
  holdsOn?: (db: Executor, subject: SubjectRef) => Promise<LegalHoldSet | null>;
  log: Logger;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

export class CloseAccountService {
  // Guessing the password of a session left open: ten tries an hour per account.
  readonly #attempts: RateLimiter;

  constructor(private readonly deps: CloseAccountDeps) {
    this.#attempts = (deps.rateLimits ?? RateLimits.memory()).window('close-account', {
      limit: 10,
      windowMs: 60 * 60_000,
    });
  }

  async preview(customerId: string): Promise<ClosePreview> {
    const db = this.deps.database.db;
    const row = await findCustomerById(db, customerId);
    if (!row) throw new NotFoundError('The account');
    const kept = await keptRecords(db, this.deps.registry.modules(), this.deps.manifest(), {
      customerId,
      emailIndex: null,
    });
    const held = await this.deps.holdsOn?.(db, { customerId, emailIndex: null });
    return {
      hasPassword: row.password_hash !== null,
      kept,
      ...(held ? { held: await this.#held(db, held) } : {}),
    };
  }

  /** What the erasure's `holds` step will find, as the customer is told it. */
  async #held(db: Executor, held: LegalHoldSet): Promise<NonNullable<ClosePreview['held']>> {
    const orders: string[] = [];
    for (const id of held.orderIds) {
      const order = await findOrder(db, id);
      if (order) orders.push(order.reference);
    }
    return {
      until: held.until.slice(0, 10),
      orders: orders.sort(),
      categories: held.customer ? this.deps.registry.categoriesKeptUnderCustomerHold() : [],
    };
  }

  async close(customerId: string, input: CloseInput): Promise<RequestView> {
    const row = await findCustomerById(this.deps.database.db, customerId);
    if (!row) throw new NotFoundError('The account');
    const problems: Partial<Record<CloseField, CloseProblem>> = {};
    if (!input.understood) problems.understood = 'required';
    if (row.password_hash) {
      const password = (input.password ?? '').slice(0, 1024);
      if (!password) problems.password = 'required';
      else {
        await this.#attempts.hit(`close:${customerId}`);
        if (!(await verifyPassword(row.password_hash, password)))
          problems.password = 'wrong_password';
      }
    } else {
      const word = (input.confirmation ?? '').trim().toUpperCase();
      if (!word) problems.confirmation = 'required';
      else if (!Object.values(CONFIRMATION_WORDS).includes(word as 'CLOSE'))
        problems.confirmation = 'wrong_word';
    }
    if (Object.keys(problems).length > 0) throw new CloseAccountInputError(problems);

    const request = await this.deps.requests.create({
      type: 'erasure',
      channel: 'self_service',
      customerId,
      verified: true,
    });
    // Signed out everywhere now; the erasure deletes the account when its job runs.
    await this.deps.sessions.endAllOf(customerId);
    this.deps.log.info({ customerId, requestId: request.id }, 'account closed by the customer');
    return request;
  }
}
