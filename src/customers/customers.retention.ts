/**
 * Customer accounts under the manifest's retention. `customer_relationship`: 3 years after the
 * last activity the account is erased through the rights engine (the same erasure a customer asks
 * for: what the Accounting Act keeps stays, recipients get their Art. 19 notice). The customer is
 * told first: {@link INACTIVITY_NOTICE_DAYS} before the date, a notice with the date and a
 * sign-in link (signing in is activity, and the account stays). No account is erased without a
 * notice sent after its last activity and at least that many days earlier, so one first seen
 * already past its period is told, then erased that many days later. `account`: a
 * closed account is erased within 30 days; closing starts the erasure at once, so this sweep is
 * the backstop that finishes one still unfinished after 30 days.
 */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import * as repo from './customers-retention.repository.ts';

const day = 86_400_000;

/** How long before an inactive account's erasure its customer is told. */
export const INACTIVITY_NOTICE_DAYS = 30;

export interface CustomerRetentionDeps {
  /**
   * Tells the customer the account will be erased on `erasesOn` unless they sign in, and records
   * it (`inactivity_notice_at` = `at`, which is not activity).
   */
  noticeInactive(customerId: string, erasesOn: Date, at: Date): Promise<void>;
  /**
   * Erases inactive customers' accounts: their erasure requests made and run to the end, several
   * accounts at a time (the rights engine's `runErasures`).
   */
  eraseInactive(customerIds: string[]): Promise<void>;
  /** Runs unfinished erasure requests to their end, several at a time (the same runner). */
  finishErasures(requestIds: string[]): Promise<void>;
  /**
   * How many runs of {@link ERASED_TOGETHER} accounts go at once (default 1): on PostgreSQL the
   * pool's connections work side by side; PGlite has one connection, where more only queue.
   */
  parallel?: number;
}

/**
 * Accounts erased together: the rights engine's steps of this many share each transaction. More
 * cuts commits and statements further, but holds the locks longer and gives a crash more to redo.
 * A batch's cost was mostly fixed (its ~80 statements and ~8 commits whatever its size), so 250
 * erase ~2× as many accounts a second as 50 (docs/retention.md, "where a batch's time went");
 * every statement's parameters stay far below PostgreSQL's 65,535 at this size.
 */
export const ERASED_TOGETHER = 250;

/**
 * `ids` in runs of {@link ERASED_TOGETHER}, each erased by `erase`, `parallel` runs at a time
 * (disjoint accounts, each run its own transactions). Every run is tried; the first failure is
 * thrown once all have ended, so no run is left in flight behind the sweep's error.
 */
async function together(
  ids: string[],
  erase: (ids: string[]) => Promise<void>,
  parallel: number,
): Promise<number> {
  const runs: string[][] = [];
  for (let i = 0; i < ids.length; i += ERASED_TOGETHER)
    runs.push(ids.slice(i, i + ERASED_TOGETHER));
  let next = 0;
  const worker = async () => {
    while (next < runs.length) await erase(runs[next++]!);
  };
  const ended = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(parallel, runs.length)) }, worker),
  );
  const failed = ended.find((e) => e.status === 'rejected');
  if (failed) throw failed.reason;
  return ids.length;
}

/** Everything an account erasure ends (the rights engine's erasers of these tables). */
const ACCOUNT_TABLES = [
  'customers',
  'customer_sessions',
  'customer_tokens',
  'customer_sign_ins',
  'notify_outbox',
  'reviews',
  'newsletter_subscriptions',
  'newsletter_tokens',
  'consent_customer_links',
  'vault_keys',
  'vault_pseudonyms',
  // Kept by erasure for the hash chain (its own sweep ends it at 12 months), but it names the
  // person only by pseudonym and seals reasons under her key: the erasure's shred of both leaves
  // her entries anonymous (docs/audit.md).
  'audit_log',
];

export function customersRetention(deps: CustomerRetentionDeps): RetentionSweep[] {
  return [
    {
      name: 'customers.inactive',
      rule: 'customer_relationship',
      anchor: 'last_activity',
      action: 'shred',
      tables: ACCOUNT_TABLES,
      categories: ['user.name', 'user.contact.email', 'user.contact.phone', 'user.contact.address'],
      ownTransactions: true,
      async forewarn(db, w) {
        let told = 0;
        const notice = INACTIVITY_NOTICE_DAYS * day;
        let after: { anchor: Date; id: string } | undefined;
        for (;;) {
          const page = await repo.inactivityNoticeCandidates(
            db,
            w,
            INACTIVITY_NOTICE_DAYS,
            after,
            100,
          );
          if (page.length === 0) return told;
          after = page.at(-1);
          for (const c of page) {
            const ends = w.expiresAt(c.anchor).getTime();
            if (ends - notice > w.now.getTime()) continue; // not yet: its month comes later
            const erasesOn = new Date(Math.max(ends, w.now.getTime() + notice));
            await deps.noticeInactive(c.id, erasesOn, w.now);
            told++;
          }
        }
      },
      due: (db, w, limit) => repo.dueInactive(db, w, INACTIVITY_NOTICE_DAYS, limit),
      end: (_db, ids) => together(ids, (batch) => deps.eraseInactive(batch), deps.parallel ?? 1),
      census: (db, w) => repo.inactiveCensus(db, w.before, w.holds),
      // A run's census: what is due and held, without the next anchor (a pass over every account).
      prepare: (db, w) => repo.inactiveDue(db, w.before, w.holds),
    },
    {
      name: 'customers.closed',
      rule: 'account',
      anchor: 'account_closed',
      action: 'shred',
      tables: ACCOUNT_TABLES,
      categories: ['user.birthday', 'user.sign_in', 'user.account', 'user.review'],
      ownTransactions: true,
      due: (db, w, limit) => repo.dueClosings(db, w.before, w.holds, limit),
      end: (_db, ids) => together(ids, (batch) => deps.finishErasures(batch), deps.parallel ?? 1),
      census: (db, w) => repo.closingCensus(db, w.before, w.holds),
    },
  ];
}
