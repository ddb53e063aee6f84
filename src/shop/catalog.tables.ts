import type { ColumnType, Generated } from 'kysely';
import type { Localized } from '../kit/web/i18n.ts';

/** The catalog holds no personal data: products only. */
export interface ProductsTable {
  slug: string;
  category: string;
  name: ColumnType<Localized, string, string>;
  description: ColumnType<Localized, string, string>;
  sizes: ColumnType<string[], string, string>;
  price_cents: number;
  stock: number;
  featured: boolean;
  colour: string;
  background: string;
  position: number;
  created_at: Generated<Date>;
}

export interface CatalogTables {
  products: ProductsTable;
}

// Adds these tables to the database type the kit declares (src/kit/db/schema.ts).
declare module '../kit/db/schema.ts' {
  interface DB extends CatalogTables {}
}
