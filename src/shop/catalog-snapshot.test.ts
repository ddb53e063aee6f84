import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { createCatalogService, type CatalogService } from './catalog.service.ts';

describe("the storefront's catalog snapshot", () => {
  let database: TestDatabase;
  let catalog: CatalogService;
  let clock = 0;
  beforeAll(async () => {
    database = await createTestDatabase();
    catalog = createCatalogService(database.db, { snapshotMs: 1000, now: () => clock });
    await catalog.seed();
  });
  afterAll(() => database?.drop());

  const setStock = (slug: string, stock: number) =>
    database.db.updateTable('products').set({ stock }).where('slug', '=', slug).execute();

  it('serves from memory within its time, and re-reads after it', async () => {
    expect((await catalog.product('pilvi-robe')).stock).toBeGreaterThan(0);
    const version = catalog.version();
    await setStock('pilvi-robe', 0);
    clock += 999;
    expect((await catalog.product('pilvi-robe')).stock).toBeGreaterThan(0);
    expect(catalog.version()).toBe(version);
    clock += 1;
    expect((await catalog.product('pilvi-robe')).stock).toBe(0);
    expect(catalog.version()).toBeGreaterThan(version);
  });

  it('keeps its version when a re-read finds nothing changed', async () => {
    await catalog.all();
    const version = catalog.version();
    clock += 5000;
    await catalog.all();
    expect(catalog.version()).toBe(version);
  });

  it('shows a change at once after invalidate, with a new version', async () => {
    await catalog.all();
    const version = catalog.version();
    await setStock('lumi-satin-slip', 1);
    catalog.invalidate();
    expect((await catalog.product('lumi-satin-slip')).stock).toBe(1);
    expect(catalog.version()).toBeGreaterThan(version);
  });

  it('prices carts from the database, never from the snapshot', async () => {
    await catalog.all();
    await setStock('sumu-cami-top', 2);
    expect((await catalog.bySlugs(['sumu-cami-top'])).get('sumu-cami-top')?.stock).toBe(2);
  });

  it('searches like the database did: lower-cased substring, names first, % and _ literal', async () => {
    const en = await catalog.search('en', 'LACE');
    const nameHits = en.filter((p) => p.name.en.toLowerCase().includes('lace'));
    expect(en.slice(0, nameHits.length)).toEqual(nameHits);
    expect(en.length).toBeGreaterThan(nameHits.length);
    expect(await catalog.search('en', '%%')).toEqual([]);
  });
});
