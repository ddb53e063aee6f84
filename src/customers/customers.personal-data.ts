/**
 * The accounts' part of data-subject requests (src/rights): what an export contains and what an
 * erasure does to `customers`, `customer_sessions`, `customer_tokens`, `customer_sign_ins` and
 * the dev outbox `notify_outbox`.
 *
 * Erasure deletes the account (sessions, tokens and linked sign-ins go with it), the kept mail,
 * and shreds the customer's profile key, so every copy of the sealed fields, in the database or
 * in a backup, becomes unreadable. Nothing of an account is kept for accounting.
 */
import { isErased, type Vault } from '../kit/vault/vault.ts';
import type {
  ExportSection,
  PersonalDataModule,
  SubjectRef,
  Executor,
} from '../core/personal-data-registry.ts';
import { openProfile } from './customer-profile.ts';
import { deleteOutboxOf, deleteOutboxOfMany } from '../notify/outbox.repository.ts';
import {
  closeHeldAccount,
  deleteCustomer,
  deleteCustomers,
  findCustomerById,
  listSessionsOf,
} from './customers.repository.ts';
import { listSignIns } from './sign-in/sign-ins.repository.ts';

const shown = (v: unknown) => (isErased(v) ? '(erased)' : v);

async function exportAccount(vault: Vault, db: Executor, s: SubjectRef): Promise<ExportSection> {
  if (!s.customerId) return {};
  // The whole row, not the account page's columns: the export reads it three times (the run,
  // this module, the package's language) and the memo makes that one round trip.
  const row = await findCustomerById(db, s.customerId);
  if (!row) return {};
  const p = await openProfile(vault, db, row);
  const signIns = await listSignIns(db, row.id);
  const sessions = await listSessionsOf(db, row.id);
  const section: ExportSection = {
    'user.contact.email': [{ email: shown(p.email), verifiedAt: row.email_verified_at }],
    'user.name': [{ name: shown(p.name) }],
    'user.account': [
      {
        customerId: row.id,
        createdAt: row.created_at,
        language: row.lang,
        hasPassword: row.password_hash !== null,
        policyVersionAccepted: row.policy_version,
        policyAcceptedAt: row.policy_accepted_at,
      },
      ...sessions.map((x) => ({
        session: 'active',
        createdAt: x.created_at,
        expiresAt: x.expires_at,
      })),
    ],
  };
  if (p.phone !== null) section['user.contact.phone'] = [{ phone: shown(p.phone) }];
  if (p.address !== null) section['user.contact.address'] = [{ address: shown(p.address) }];
  if (p.birthday !== null) section['user.birthday'] = [{ birthday: shown(p.birthday) }];
  if (signIns.length > 0) {
    section['user.sign_in'] = [];
    for (const x of signIns) {
      const profile = await vault.open(db, row.id, 'profile', x.profile_sealed, 'sign_in');
      section['user.sign_in'].push({
        provider: x.provider,
        // Art. 14/15: the source of data not collected from the person, and when.
        source: x.source,
        receivedAt: x.received_at,
        linkedAt: x.linked_at,
        received: isErased(profile) ? '(erased)' : (JSON.parse(profile) as unknown),
      });
    }
  }
  return section;
}

export function customersPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'customer_accounts',
    tables: [
      'customers',
      'customer_sessions',
      'customer_tokens',
      'customer_sign_ins',
      'notify_outbox',
    ],
    categories: [
      'user.contact.email',
      'user.name',
      'user.contact.phone',
      'user.contact.address',
      'user.birthday',
      'user.account',
      'user.sign_in',
    ],
    export: (db, s) => exportAccount(vault, db, s),
    // A hold on the customer keeps the account (Art. 17(3)(e)) until it ends.
    keptUnderCustomerHold: true,
    // …but closed: the customer asked for it, and a kept account must not open again.
    async closeWhileHeld(db, s) {
      if (s.customerId) await closeHeldAccount(db, s.customerId);
    },
    async erase(db, s, plan) {
      if (!s.customerId) return { erased: 0, kept: [] };
      const erased =
        (await deleteOutboxOf(db, s.customerId)) + (await deleteCustomer(db, s.customerId));
      // An order a legal hold names is sealed under its buyer's profile key: the key stays
      // until the hold ends (the engine then erases again, and this shred runs).
      if (plan.held?.subjectIds.includes(s.customerId)) return { erased, kept: [], held: true };
      await vault.shred(db, s.customerId, 'profile');
      return { erased, kept: [] };
    },
    // The same for a batch: one delete of each table and one shred (one ledger write) for all.
    async eraseMany(db, erasures) {
      const ids = erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : []));
      const outbox = await deleteOutboxOfMany(db, ids);
      const deleted = await deleteCustomers(db, ids);
      await vault.shredMany(db, ids, 'profile');
      return erasures.map(({ subject: { customerId: id } }) => ({
        erased: id ? (outbox.get(id) ?? 0) + (deleted.has(id) ? 1 : 0) : 0,
        kept: [],
      }));
    },
  };
}
