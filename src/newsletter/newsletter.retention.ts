/** Newsletter subscriptions never confirmed, and suppressions: 3 years (`consent_proof`). */
import { censusFrom, dueFrom } from '../core/retention-source.ts';
import type { RetentionSweep } from '../core/retention-sweeps.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { deleteNewsletterRows, newsletterSource } from './newsletter-retention.repository.ts';

export function newsletterRetention(vault: Vault): RetentionSweep[] {
  return [
    {
      name: 'newsletter.unconfirmed',
      rule: 'consent_proof',
      anchor: 'consent_withdrawn',
      action: 'delete',
      tables: ['newsletter_subscriptions', 'newsletter_tokens', 'newsletter_suppressions'],
      categories: ['user.consent'],
      due: (db, w, limit) => dueFrom(db, newsletterSource(w.holds), w.before, limit),
      async end(db, keys) {
        const { count, subscriptions } = await deleteNewsletterRows(db, keys);
        // The address was sealed under the subscription's own id.
        await vault.shredMany(db, subscriptions, 'profile');
        return count;
      },
      census: (db, w) => censusFrom(db, newsletterSource(w.holds), w.before),
    },
  ];
}
