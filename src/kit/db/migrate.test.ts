import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind } from '../../../test/support/database.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest, upToDate } from './migrate.ts';
import { migrations } from './migrations/index.ts';

describe(`migrations on ${testDbKind}`, () => {
  it('recognises an up-to-date database by one query, and only that one', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      // A new database has no migration table: the migrator runs and applies every migration.
      expect(await upToDate(database)).toBe(false);
      const first = await migrateToLatest(database);
      expect(first.results?.filter((r) => r.status === 'Success')).toHaveLength(
        Object.keys(migrations).length,
      );
      expect(await upToDate(database)).toBe(true);
      expect((await migrateToLatest(database)).results).toEqual([]);

      // One migration missing (a newer build adds one): not up to date, the migrator applies it.
      const last = Object.keys(migrations).at(-1)!;
      await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
      expect(await upToDate(database)).toBe(false);
      // A migration this code does not know (the database is newer): the migrator is asked, and
      // refuses as it always did, rather than this check waving the start through.
      await sql`insert into kysely_migration (name, timestamp) values (${last}, now()::text),
        ('9999-from-the-future', now()::text)`.execute(database.db);
      expect(await upToDate(database)).toBe(false);
      await expect(migrateToLatest(database)).rejects.toThrow(/9999-from-the-future/);
    } finally {
      await database.drop();
    }
  });
});

describe.skipIf(testDbKind === 'postgres')('a new PGlite data directory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-pgdata-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Made from the build's template when dist/ has one (src/kit/db/pglite-template.ts), by
  // initdb when not: either way a working store that keeps what was written.
  it('opens, migrates, keeps its rows across a restart', { timeout: 120_000 }, async () => {
    const first = await openDatabase({ dataDir: dir });
    await migrateToLatest(first);
    await sql`create table kept (v text)`.execute(first.db);
    await sql`insert into kept values ('still here')`.execute(first.db);
    await first.close();

    const again = await openDatabase({ dataDir: dir });
    try {
      expect(await upToDate(again)).toBe(true);
      const { rows } = await sql<{ v: string }>`select v from kept`.execute(again.db);
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await again.close();
    }
  });
});
