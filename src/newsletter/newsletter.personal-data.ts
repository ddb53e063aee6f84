/**
 * The newsletter's part of data-subject requests: the subscriptions of a customer (by account)
 * or of a guest (by the email blind index), with the consent wording they confirmed. Erasure
 * deletes them, shreds their keys and leaves only a suppression (the keyed hash of the address),
 * so the address is never mailed again. Consent records stay pseudonymous proof (src/consent).
 */
import { eraseWhereFound, type PersonalDataModule } from '../core/personal-data-registry.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import { findBySubject, haveSubscriptions } from './newsletter.repository.ts';
import { forget } from './newsletter.service.ts';

export function newsletterPersonalData(vault: Vault): PersonalDataModule {
  return {
    name: 'newsletter',
    tables: ['newsletter_subscriptions', 'newsletter_tokens', 'newsletter_suppressions'],
    categories: ['user.contact.email', 'user.contact.phone', 'user.consent'],
    async export(db, s) {
      const rows = await findBySubject(db, s);
      if (rows.length === 0) return {};
      const open = async (id: string, sealed: string | null, field: string) => {
        if (sealed === null) return null;
        const v = await vault.open(db, id, 'profile', sealed, field);
        return isErased(v) ? '(erased)' : v;
      };
      const email = [];
      const phone = [];
      const consent = [];
      for (const r of rows) {
        email.push({ newsletter: await open(r.id, r.email_sealed, 'email'), status: r.status });
        if (r.phone_sealed) phone.push({ smsMarketing: await open(r.id, r.phone_sealed, 'phone') });
        consent.push({
          channel: r.sms ? 'newsletter, sms' : 'newsletter',
          textShown: r.consent_text,
          language: r.lang,
          signedUpAt: r.created_at,
          confirmedAt: r.confirmed_at,
          consentRecordId: r.consent_record_id,
        });
      }
      return {
        'user.contact.email': email,
        ...(phone.length ? { 'user.contact.phone': phone } : {}),
        'user.consent': consent,
      };
    },
    async erase(db, s) {
      let erased = 0;
      for (const r of await findBySubject(db, s)) erased += await forget(db, vault, r);
      return { erased, kept: [] };
    },
    // A batch: those without a subscription (found in one statement for all) have nothing here.
    eraseMany(db, erasures) {
      return eraseWhereFound(this.erase.bind(this), db, erasures, (found) =>
        haveSubscriptions(
          db,
          found.map((e) => e.subject),
        ),
      );
    },
  };
}
