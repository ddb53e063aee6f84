import { sql, type Kysely } from 'kysely';

/**
 * A customer's profile as one vault record (`profile_record`, format `v2`, profile scope): a
 * profile read is one AES-GCM open instead of one per field. SQL cannot re-seal (the keys are
 * the app's), so rows written before keep their five `*_sealed` columns and are read in that
 * layout until their profile is next written (src/customers/customer-profile.ts); hence the old
 * columns become nullable. The checks keep each row in exactly one layout: a record and no
 * field columns, or the field columns (email and name at least) and no record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers
    add column profile_record text,
    alter column email_sealed drop not null,
    alter column name_sealed drop not null,
    add constraint customers_profile_one_layout check (
      case when profile_record is null
        then email_sealed is not null and name_sealed is not null
        else email_sealed is null and name_sealed is null and phone_sealed is null
          and address_sealed is null and birthday_sealed is null
      end
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows already in the record layout cannot go back without the app's keys.
  await sql`alter table customers
    drop constraint customers_profile_one_layout,
    drop column profile_record,
    alter column email_sealed set not null,
    alter column name_sealed set not null`.execute(db);
}
