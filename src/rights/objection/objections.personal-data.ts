/**
 * Objection (Art. 21) as a personal-data module. Its `object` hook carries an objection out:
 *
 * - to direct marketing: refuses every marketing consent key in the consent ledger (the same
 *   ledger as the banner, so `allows()` answers no at once), for the account and for each of the
 *   person's newsletter subscriptions, and unsubscribes those (deleted, key shredded, only the
 *   keyed hash kept as a suppression), as the one-click unsubscribe does;
 * - on other grounds, once staff upheld it: the purposes it names stop (ProcessingStops reads
 *   the decision); overruled, nothing changes.
 *
 * Everything goes through the hook's transaction (on PGlite anything else would wait for ever).
 * The export shows the person's objections with the decisions and reasons; erasure deletes them
 * and shreds the key the reasons were sealed under.
 */
import type { ConsentService } from '../../consent/consent.service.ts';
import type { ConsentSubject } from '../../consent/consent.ts';
import { findCustomerById } from '../../customers/customers.repository.ts';
import { findBySubject } from '../../newsletter/newsletter.repository.ts';
import { forget, subjectOf } from '../../newsletter/newsletter.service.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { isErased, type Vault } from '../../kit/vault/vault.ts';
import { marketingConsentKeys } from './objections.ts';
import {
  customersWithObjections,
  deleteObjections,
  findObjection,
  objectionsOf,
} from './objections.repository.ts';
import {
  eraseWhereFound,
  type ExportSection,
  type PersonalDataModule,
} from '../../core/personal-data-registry.ts';
import type { ProcessingStops } from '../restriction/processing-stops.ts';

export interface ObjectionModuleDeps {
  vault: Vault;
  consent: Pick<ConsentService, 'recordIn' | 'refresh'>;
  stops: Pick<ProcessingStops, 'invalidate'>;
  manifest: () => Manifest;
  policyVersion: () => number;
}

export const REASONS_FIELD = 'objection_reasons';

export function objectionsPersonalData(deps: ObjectionModuleDeps): PersonalDataModule {
  const { vault, consent, stops } = deps;
  return {
    name: 'objections',
    tables: ['dsr_objections'],
    categories: ['user.consent'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await objectionsOf(db, s.customerId);
      if (rows.length === 0) return {};
      const out = [];
      for (const r of rows) {
        const reasons = r.reasons_sealed
          ? await vault.open(
              db,
              `request:${r.request_id}`,
              'profile',
              r.reasons_sealed,
              REASONS_FIELD,
            )
          : null;
        out.push({
          objection: r.scope === 'marketing' ? 'direct marketing and profiling for it' : 'other',
          purposes: r.purposes,
          receivedAt: r.received_at.toISOString(),
          decision: r.decision,
          decidedAt: r.decided_at?.toISOString() ?? null,
          reasons: reasons === null || isErased(reasons) ? null : reasons,
          requestId: r.request_id,
        });
      }
      return { 'user.consent': out };
    },
    async erase(db, s) {
      if (!s.customerId) return { erased: 0, kept: [] };
      const rows = await objectionsOf(db, s.customerId);
      for (const r of rows) {
        if (r.reasons_sealed) await vault.shredSubject(db, `request:${r.request_id}`);
      }
      const erased = await deleteObjections(
        db,
        rows.map((r) => r.request_id),
      );
      stops.invalidate(s.customerId);
      return { erased, kept: [] };
    },
    // A batch: those without an objection (found in one statement for all) have nothing here but
    // the stops dropped, as `erase` drops them.
    async eraseMany(db, erasures) {
      const ids = erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : []));
      const objecting = await customersWithObjections(db, ids);
      const out = await eraseWhereFound(this.erase.bind(this), db, erasures, async (found) =>
        found.map((e) => e.subject.customerId !== null && objecting.has(e.subject.customerId)),
      );
      for (const id of ids) if (!objecting.has(id)) stops.invalidate(id);
      return out;
    },
    async object(db, s, context) {
      const objection = await findObjection(db, context.requestId);
      if (objection?.scope === 'other') {
        // Upheld or overruled, the decision is recorded; the stops cache must see it.
        const customerId = s.customerId;
        if (customerId) {
          stops.invalidate(customerId);
          context.afterCommit(() => stops.invalidate(customerId));
        }
        return;
      }
      const refused = Object.fromEntries(
        marketingConsentKeys(deps.manifest()).map((k) => [k, false]),
      );
      const record = (subject: ConsentSubject) =>
        consent.recordIn(db, {
          subject,
          decisions: refused,
          policyVersion: deps.policyVersion(),
          textHash: null,
          signals: { gpc: false, dnt: false },
          // The person's own act: the objection they made.
          explicit: true,
          source: 'privacy_center',
          lang: null,
        });
      const subjects: ConsentSubject[] = [];
      if (s.customerId) {
        subjects.push({ customerId: s.customerId });
        await record({ customerId: s.customerId });
      }
      // Subscriptions made signed in carry the account; those made as a guest, the address's index.
      const emailIndex =
        s.emailIndex ??
        (s.customerId ? ((await findCustomerById(db, s.customerId))?.email_index ?? null) : null);
      for (const row of await findBySubject(db, { customerId: s.customerId, emailIndex })) {
        const subject = subjectOf(row);
        subjects.push(subject);
        await record(subject);
        await forget(db, vault, row);
      }
      context.afterCommit(() => {
        for (const subject of subjects) consent.refresh(subject);
      });
    },
  };
}
