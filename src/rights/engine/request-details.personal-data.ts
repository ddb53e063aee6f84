/**
 * The rights engine's own personal data: what customers wrote in rectification requests
 * (`dsr_request_details`, sealed under each request's subject `request:<id>`). Access returns it;
 * erasure shreds each request's key and drops the rows, so a text written before closing the
 * account does not outlive the account. The erasure's own confirmation row is left alone: its
 * `confirm` step shreds it after the email is sent.
 */
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import {
  eraseWhereFound,
  type ExportSection,
  type PersonalDataModule,
} from '../../core/personal-data-registry.ts';
import {
  customersWithDetails,
  deleteDetail,
  detailsOfCustomer,
} from './request-details.repository.ts';

export function requestDetailsPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'request_details',
    tables: ['dsr_request_details'],
    categories: ['user.account'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await detailsOfCustomer(db, s.customerId, 'rectification');
      if (rows.length === 0) return {};
      const out = [];
      for (const r of rows) {
        const text = await vault.open(
          db,
          `request:${r.request_id}`,
          'profile',
          r.sealed,
          'details',
        );
        out.push({
          rectificationRequest: r.request_id,
          receivedAt: r.received_at,
          whatIsWrongAndWhatIsRight: isErased(text) ? '(erased)' : text,
        });
      }
      return { 'user.account': out };
    },
    async erase(db, s) {
      if (!s.customerId) return { erased: 0, kept: [] };
      const rows = await detailsOfCustomer(db, s.customerId, 'rectification');
      for (const r of rows) {
        await deleteDetail(db, r.request_id, 'rectification');
        await vault.shredSubject(db, `request:${r.request_id}`);
      }
      return { erased: rows.length, kept: [] };
    },
    // A batch: those without a correction's text (found in one statement for all) have nothing.
    async eraseMany(db, erasures) {
      const ids = erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : []));
      const having = await customersWithDetails(db, ids, 'rectification');
      return eraseWhereFound(this.erase.bind(this), db, erasures, async (found) =>
        found.map((e) => e.subject.customerId !== null && having.has(e.subject.customerId)),
      );
    },
  };
}
