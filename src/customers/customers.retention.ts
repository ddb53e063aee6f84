/**
 * Customer accounts under the manifest's retention. `customer_relationship`: 3 years after the
 * last activity the account is erased through the rights engine (the same erasure a customer asks
 * for: what the Accounting Act keeps stays, recipients get their Art. 19 notice). `account`: a
 * closed account is erased within 30 days; closing starts the erasure at once, so this sweep is
 * the backstop that finishes one still unfinished after 30 days.
 */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import * as repo from './customers-retention.repository.ts';

export interface CustomerRetentionDeps {
  /** Starts (and queues) the erasure of an inactive customer's account: the rights engine. */
  eraseInactive(customerId: string): Promise<void>;
  /** Runs an unfinished erasure request to its end: the rights engine's runner. */
  finishErasure(requestId: string): Promise<void>;
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
  // Kept whole for the hash chain, but it names the person only by pseudonym and seals reasons
  // under her key: the erasure's shred of both leaves her entries anonymous (docs/audit.md).
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
      due: (db, w, limit) => repo.dueInactive(db, w.before, w.holds, limit),
      async end(_db, ids) {
        for (const id of ids) await deps.eraseInactive(id);
        return ids.length;
      },
      census: (db, w) => repo.inactiveCensus(db, w.before, w.holds),
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
      async end(_db, ids) {
        for (const id of ids) await deps.finishErasure(id);
        return ids.length;
      },
      census: (db, w) => repo.closingCensus(db, w.before, w.holds),
    },
  ];
}
