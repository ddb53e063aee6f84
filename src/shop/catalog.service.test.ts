import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { categorySlugs } from './catalog.ts';
import { demoProducts } from './catalog-seed.ts';
import { createCatalogService, type CatalogService } from './catalog.service.ts';

describe('catalog', () => {
  let database: TestDatabase;
  let catalog: CatalogService;
  beforeAll(async () => {
    database = await createTestDatabase();
    catalog = createCatalogService(database.db);
  });
  afterAll(() => database?.drop());

  it('seeds 24 products once; seeding again changes nothing', async () => {
    expect(await catalog.seed()).toBe(24);
    await database.db
      .updateTable('products')
      .set({ stock: 3 })
      .where('slug', '=', 'pilvi-robe')
      .execute();
    expect(await catalog.seed()).toBe(0);
    const all = await catalog.all();
    expect(all).toHaveLength(24);
    expect(all.find((p) => p.slug === 'pilvi-robe')?.stock).toBe(3);
    expect(all.map((p) => p.slug)).toEqual(demoProducts.map((p) => p.slug));
  });

  it('has every product named and described in three languages, priced in whole cents', async () => {
    for (const p of await catalog.all()) {
      for (const lang of ['en', 'fi', 'sv'] as const) {
        expect(p.name[lang].length).toBeGreaterThan(2);
        expect(p.description[lang].length).toBeGreaterThan(10);
      }
      expect(Number.isInteger(p.priceCents) && p.priceCents > 0).toBe(true);
      expect(p.sizes.length).toBeGreaterThan(0);
    }
  });

  it('lists each category, and refuses an unknown one', async () => {
    for (const slug of categorySlugs) {
      const { products } = await catalog.inCategory(slug);
      expect(products.length).toBe(4);
      expect(products.every((p) => p.category === slug)).toBe(true);
    }
    await expect(catalog.inCategory('weapons')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds a product by slug, and answers not found for anything else', async () => {
    expect((await catalog.product('aurora-lace-brief')).category).toBe('briefs');
    await expect(catalog.product('no-such-thing')).rejects.toMatchObject({ code: 'not_found' });
    await expect(catalog.product("x' or 1=1 --")).rejects.toMatchObject({ code: 'not_found' });
  });

  it('searches in the page language only', async () => {
    const fi = await catalog.search('fi', 'pitsi');
    expect(fi.map((p) => p.slug)).toContain('aurora-lace-balconette');
    expect(await catalog.search('en', 'pitsi')).toEqual([]);
    const sv = await catalog.search('sv', 'SPETS');
    expect(sv.map((p) => p.slug)).toContain('aurora-lace-brief');
    // Name matches come before description matches.
    const en = await catalog.search('en', 'lace');
    expect(en[0]?.name.en.toLowerCase()).toContain('lace');
  });

  it('treats % and _ as plain characters', async () => {
    expect(await catalog.search('en', '%%')).toEqual([]);
    expect(await catalog.search('en', '__')).toEqual([]);
    expect((await catalog.search('en', '15 denier')).map((p) => p.slug)).toEqual([
      'hiutale-stockings',
    ]);
  });

  it('refuses a query shorter than 2 or longer than 100 characters', async () => {
    await expect(catalog.search('en', ' a ')).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { q: expect.any(String) as string },
    });
    await expect(catalog.search('en', 'x'.repeat(101))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
