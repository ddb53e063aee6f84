import { sql, type Kysely } from 'kysely';

/** The vault's key store: wrapped data keys, pseudonym links and the shred ledger's copy. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vault_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('vault_keys_subject_scope', ['subject_id', 'scope'])
    .execute();
  await db.schema
    .createTable('vault_pseudonyms')
    .addColumn('link_id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull().unique())
    .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('vault_shred_ledger')
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_shred_ledger_pk', ['op', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vault_shred_ledger').execute();
  await db.schema.dropTable('vault_pseudonyms').execute();
  await db.schema.dropTable('vault_keys').execute();
}
