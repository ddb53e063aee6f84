/**
 * Orders under the manifest's retention: 3 years after completion the order is unlinked from the
 * buyer (`consumer_trade`); 6 years from the end of the calendar year in which its financial year
 * ended the voucher goes (billing copy, identity code, payment references, the credit decision:
 * `accounting_vouchers`); 10 years from the end of its financial year the order itself goes
 * (`accounting_books`), and once a vault subject has no order or credit decision left, its
 * accounting key is shredded, so every backup copy of the voucher is unreadable too.
 */
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { Executor } from '../core/personal-data-registry.ts';
import * as repo from './orders-retention.repository.ts';

async function shredAccountingOfFinished(vault: Vault, db: Executor, subjects: string[]) {
  await vault.shredMany(db, await repo.subjectsWithoutAccounting(db, subjects), 'accounting');
}

export function ordersRetention(vault: Vault): RetentionSweep[] {
  return [
    {
      name: 'orders.consumer_trade',
      rule: 'consumer_trade',
      anchor: 'order_completed',
      action: 'anonymise',
      tables: ['orders', 'order_lines', 'vault_keys'],
      categories: ['user.purchase_history', 'user.delivery'],
      due: (db, w, limit) => repo.dueOrders(db, repo.completedOrders, w.before, w.holds, limit),
      async end(db, ids, w) {
        const { count, guestSubjects } = await repo.anonymiseOrders(db, ids, w.now);
        // A guest's contact copy is sealed under the order's own subject: its profile key goes.
        await vault.shredMany(db, guestSubjects, 'profile');
        return count;
      },
      async endDue(db, w, limit) {
        const { count, guestSubjects } = await repo.anonymiseDueOrders(
          db,
          w.before,
          w.holds,
          w.now,
          limit,
        );
        await vault.shredMany(db, guestSubjects, 'profile');
        return count;
      },
      census: (db, w) => repo.orderCensus(db, repo.completedOrders, w.before, w.holds),
    },
    {
      name: 'orders.vouchers',
      rule: 'accounting_vouchers',
      anchor: 'financial_year_calendar_year_end',
      action: 'shred',
      tables: ['orders'],
      categories: [
        'user.financial.billing',
        'user.financial.payment',
        'user.identity_code',
        'user.financial.credit',
      ],
      due: (db, w, limit) => repo.dueOrders(db, repo.orderVouchers, w.before, w.holds, limit),
      end: (db, ids, w) => repo.endVouchers(db, ids, w.now),
      // A batch is one statement (with the lease renewal and the count): BEGIN, it, COMMIT.
      endDueSql: (w, limit) => repo.endDueVouchersSql(w.before, w.holds, w.now, limit),
      census: (db, w) => repo.orderCensus(db, repo.orderVouchers, w.before, w.holds),
    },
    {
      name: 'orders.credit_decisions',
      rule: 'accounting_vouchers',
      anchor: 'financial_year_calendar_year_end',
      action: 'shred',
      tables: ['credit_decisions', 'vault_keys'],
      categories: ['user.financial.credit'],
      due: (db, w, limit) => repo.dueDecisions(db, w.before, w.holds, limit),
      async end(db, ids) {
        const subjects = await repo.deleteDecisions(db, ids);
        await shredAccountingOfFinished(vault, db, subjects);
        return ids.length;
      },
      census: (db, w) => repo.decisionCensus(db, w.before, w.holds),
    },
    {
      name: 'orders.books',
      rule: 'accounting_books',
      anchor: 'financial_year_end',
      action: 'delete',
      tables: ['orders', 'order_lines', 'vault_keys'],
      categories: ['user.purchase_history'],
      due: (db, w, limit) => repo.dueOrders(db, repo.orderBooks, w.before, w.holds, limit),
      async end(db, ids) {
        const subjects = await repo.deleteOrders(db, ids);
        await shredAccountingOfFinished(vault, db, subjects);
        return ids.length;
      },
      // Found and deleted in one statement (the keys are not read back to be deleted by them).
      async endDue(db, w, limit) {
        const { count, subjects } = await repo.deleteDueBooks(db, w.before, w.holds, limit);
        await shredAccountingOfFinished(vault, db, subjects);
        return count;
      },
      census: (db, w) => repo.orderCensus(db, repo.orderBooks, w.before, w.holds),
    },
  ];
}
