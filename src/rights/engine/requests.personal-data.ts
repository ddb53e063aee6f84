/**
 * The rights engine's own records in data-subject requests: `dsr_requests` (who asked what, when,
 * and how it ended), their steps, exports and Art. 19 notices.
 *
 * Export: the subject's requests (type, channel, status, dates): what they asked of us.
 *
 * Erasure: the request rows stay as the record that each request was handled, and when
 * (Art. 5(2), 12); they name the subject by customer id (whose account row is gone by then) or by
 * the email blind index. What could still say something about the person goes: the export
 * documents of the subject's other requests are deleted, and the `request:<id>` profile keys of
 * those requests (the requester's sealed email, the staff's sealed extension and refusal reasons)
 * are shredded. The running erasure's own key stays: its answer to the person still needs it.
 */
import type { Vault } from '../../kit/vault/vault.ts';
import {
  eraseWhereFound,
  type ExportSection,
  type PersonalDataModule,
} from '../../core/personal-data-registry.ts';
import { deleteExports, haveOtherRequests, listRequestsOfSubject } from './rights.repository.ts';

export function requestsPersonalData(vault: Pick<Vault, 'shredSubjects'>): PersonalDataModule {
  return {
    name: 'rights_requests',
    tables: ['dsr_requests', 'dsr_request_steps', 'dsr_exports', 'vault_keys'],
    categories: ['user.account'],
    async export(db, s): Promise<ExportSection> {
      const rows = await listRequestsOfSubject(db, s);
      if (rows.length === 0) return {};
      return {
        'user.account': rows.map((r) => ({
          request: r.id,
          type: r.type,
          channel: r.channel,
          status: r.status,
          receivedAt: r.received_at,
          dueAt: r.due_at,
          extendedAt: r.extended_at,
          refusedAt: r.refused_at,
          completedAt: r.completed_at,
        })),
      };
    },
    // A hold on the customer keeps this as it keeps it from the sweeps (Art. 17(3)(e)).
    keptUnderCustomerHold: true,
    async erase(db, s, plan) {
      const others = (await listRequestsOfSubject(db, s)).filter((r) => r.id !== plan.requestId);
      const erased = await deleteExports(
        db,
        others.map((r) => r.id),
      );
      await vault.shredSubjects(
        db,
        others.map((r) => `request:${r.id}`),
      );
      return { erased, kept: [] };
    },
    // A batch: those with no request but the erasure itself (found in one statement for all)
    // have nothing here.
    eraseMany(db, erasures) {
      return eraseWhereFound(this.erase.bind(this), db, erasures, (found) =>
        haveOtherRequests(
          db,
          found.map((e) => ({ ...e.subject, requestId: e.plan.requestId })),
        ),
      );
    },
  };
}
