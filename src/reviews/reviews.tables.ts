import type { Generated } from 'kysely';

/** A review: display name and text sealed under the author's profile key. */
export interface ReviewsTable {
  id: string;
  product_slug: string;
  customer_id: string;
  rating: number;
  display_name_sealed: string;
  text_sealed: string;
  created_at: Generated<Date>;
}

export interface ReviewsTables {
  reviews: ReviewsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends ReviewsTables {}
}
