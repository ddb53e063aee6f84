import { sql, type Kysely } from 'kysely';

/**
 * Customer accounts. Every personal field is a vault ciphertext (`*_sealed`, profile scope);
 * the email is found through its blind index only. Sessions and one-time tokens are stored as
 * SHA-256 hashes, so a database copy cannot be used to sign in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('email_index', 'text', (c) => c.notNull().unique())
    .addColumn('email_sealed', 'text', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text')
    .addColumn('address_sealed', 'text')
    .addColumn('birthday_sealed', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('policy_accepted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('customer_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'uuid', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_sessions_customer')
    .on('customer_sessions')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('customer_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'uuid', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('verify_email', 'reset_password', 'change_email')`),
    )
    .addColumn('new_email_index', 'text')
    .addColumn('new_email_sealed', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('customer_tokens_customer')
    .on('customer_tokens')
    .column('customer_id')
    .execute();

  await db.schema
    .createTable('customer_sign_ins')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('customer_id', 'uuid', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject_index', 'text', (c) => c.notNull())
    .addColumn('profile_sealed', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('customer_sign_ins_subject', ['provider', 'subject_index'])
    .execute();
  await db.schema
    .createIndex('customer_sign_ins_customer')
    .on('customer_sign_ins')
    .column('customer_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['customer_sign_ins', 'customer_tokens', 'customer_sessions', 'customers']) {
    await db.schema.dropTable(t).execute();
  }
}
