/** Products in the database. Only this file touches the `products` table. */
import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { isCategorySlug, type Product } from './catalog.ts';
import type { ProductsTable } from './catalog.tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;

function toProduct(row: Selectable<ProductsTable>): Product {
  if (!isCategorySlug(row.category)) throw new Error('products.category holds an unknown value');
  return {
    slug: row.slug,
    category: row.category,
    name: row.name,
    description: row.description,
    sizes: row.sizes,
    priceCents: row.price_cents,
    stock: row.stock,
    featured: row.featured,
    colour: row.colour,
    background: row.background,
  };
}

/** Inserts the products that are not there yet; existing rows (and their stock) are left alone. */
export async function insertMissingProducts(db: Executor, products: Product[]): Promise<number> {
  if (products.length === 0) return 0;
  const result = await db
    .insertInto('products')
    .values(
      products.map((p, position) => ({
        slug: p.slug,
        category: p.category,
        name: JSON.stringify(p.name),
        description: JSON.stringify(p.description),
        sizes: JSON.stringify(p.sizes),
        price_cents: p.priceCents,
        stock: p.stock,
        featured: p.featured,
        colour: p.colour,
        background: p.background,
        position,
      })),
    )
    .onConflict((oc) => oc.column('slug').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function findAllProducts(db: Executor): Promise<Product[]> {
  const rows = await db.selectFrom('products').selectAll().orderBy('position').execute();
  return rows.map(toProduct);
}

export async function findProductsBySlugs(db: Executor, slugs: string[]): Promise<Product[]> {
  if (slugs.length === 0) return [];
  const rows = await db.selectFrom('products').selectAll().where('slug', 'in', slugs).execute();
  return rows.map(toProduct);
}
