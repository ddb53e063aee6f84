/**
 * Product reviews by signed-in customers who bought the product. The display name and the text
 * are the author's personal data: sealed under the author's profile key, so shredding that key
 * (account erasure) makes every copy unreadable, and the eraser deletes the rows as well.
 * Reviews whose key is gone are not shown. Text is stored as typed and escaped when rendered.
 *
 * @example
 *   await reviews.submit(customerId, { slug, rating: 5, displayName: 'Anna', text: 'Lovely.' });
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../kit/db/schema.ts';
import { DomainError } from '../kit/errors.ts';
import type { ExportSection, PersonalDataModule } from '../core/personal-data-registry.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import * as repo from './reviews.repository.ts';

export const reviewInputSchema = z.object({
  rating: z.coerce.number().int().min(1, 'Choose 1 to 5 stars.').max(5, 'Choose 1 to 5 stars.'),
  displayName: z.string().trim().min(1, 'Enter the name to show.').max(60),
  text: z.string().trim().min(1, 'Write a few words.').max(2000, 'At most 2000 characters.'),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export interface ShownReview {
  rating: number;
  displayName: string;
  text: string;
  createdAt: Date;
}

export interface ReviewServices {
  submit(customerId: string, slug: string, input: unknown): Promise<void>;
  ofProduct(slug: string): Promise<ShownReview[]>;
}

export class NotPurchasedError extends DomainError {
  constructor() {
    super('forbidden', 'You can review products you have bought.');
  }
}

/**
 * A review was added or erased: the product pages cached on every app process must show it, or
 * stop showing it (the shop's `catalog.invalidateIn`). Inside a transaction, told on commit.
 */
export type ReviewsChanged = (db: Kysely<DB> | Transaction<DB>) => Promise<void>;

export function createReviewServices(deps: {
  db: Kysely<DB>;
  vault: Vault;
  hasBought: (customerId: string, slug: string) => Promise<boolean>;
  changed?: ReviewsChanged;
}): ReviewServices {
  const { db, vault } = deps;
  return {
    async submit(customerId, slug, input) {
      const r = reviewInputSchema.parse(input);
      if (!(await deps.hasBought(customerId, slug))) throw new NotPurchasedError();
      const sealed = await vault.sealMany(db, customerId, 'profile', {
        review_name: r.displayName,
        review_text: r.text,
      });
      await repo.insertReview(db, {
        id: randomUUID(),
        product_slug: slug,
        customer_id: customerId,
        rating: r.rating,
        display_name_sealed: sealed.review_name!,
        text_sealed: sealed.review_text!,
      });
      await deps.changed?.(db);
    },
    async ofProduct(slug) {
      const shown: ShownReview[] = [];
      for (const row of await repo.reviewsOfProduct(db, slug)) {
        const o = await vault.openMany(db, row.customer_id, 'profile', {
          review_name: row.display_name_sealed,
          review_text: row.text_sealed,
        });
        if (isErased(o.review_name) || isErased(o.review_text)) continue;
        shown.push({
          rating: row.rating,
          displayName: o.review_name ?? '',
          text: o.review_text ?? '',
          createdAt: row.created_at,
        });
      }
      return shown;
    },
  };
}

export function reviewsPersonalData(vault: Vault, changed?: ReviewsChanged): PersonalDataModule {
  return {
    name: 'reviews',
    tables: ['reviews'],
    categories: ['user.review'],
    async export(db, s): Promise<ExportSection> {
      if (!s.customerId) return {};
      const rows = await repo.reviewsOfCustomer(db, s.customerId);
      const out = [];
      for (const row of rows) {
        const o = await vault.openMany(db, row.customer_id, 'profile', {
          review_name: row.display_name_sealed,
          review_text: row.text_sealed,
        });
        out.push({
          product: row.product_slug,
          rating: row.rating,
          displayName: isErased(o.review_name) ? '(erased)' : o.review_name,
          text: isErased(o.review_text) ? '(erased)' : o.review_text,
          createdAt: row.created_at,
        });
      }
      return out.length ? { 'user.review': out } : {};
    },
    async erase(db, s) {
      if (!s.customerId) return { erased: 0, kept: [] };
      const erased = await repo.deleteReviewsOf(db, s.customerId);
      // A cached product page would otherwise show the erased review's name and text.
      if (erased > 0) await changed?.(db);
      return { erased, kept: [] };
    },
    // The same for a batch: one delete for all, and the pages dropped once if any review went.
    async eraseMany(db, erasures) {
      const ids = erasures.flatMap((e) => (e.subject.customerId ? [e.subject.customerId] : []));
      const deleted = await repo.deleteReviewsOfMany(db, ids);
      if (deleted.size > 0) await changed?.(db);
      return erasures.map((e) => ({
        erased: e.subject.customerId ? (deleted.get(e.subject.customerId) ?? 0) : 0,
        kept: [],
      }));
    },
  };
}
