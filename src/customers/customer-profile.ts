/**
 * A customer's personal fields and how they are sealed. The profile is one vault record under the
 * customer's profile key (`profile_record`): a read is one AES-GCM open, not one per field. Rows
 * written before migration 0238 hold it in five field columns (`*_sealed`, one ciphertext each);
 * they are read in that layout until the profile is next written, and every write stores the
 * record and clears the field columns. The email is found by its blind index only. Shredded
 * fields come back as `ERASED` and are shown as erased, never as an error.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { isErased, type Erased, type Vault } from '../kit/vault/vault.ts';
import type { CustomerProfileRow } from './customers.repository.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ProfileFields {
  email: string;
  name: string;
  phone: string | null;
  address: string | null;
  birthday: string | null;
}

export type OpenedProfile = { [K in keyof ProfileFields]: ProfileFields[K] | Erased };

/** The columns a profile is read from, in either layout (the repository selects them). */
export type ProfileColumns = CustomerProfileRow;

/** What a profile write stores: the record, and the field columns of the old layout cleared. */
export interface SealedProfile {
  profile_record: string;
  email_sealed: null;
  name_sealed: null;
  phone_sealed: null;
  address_sealed: null;
  birthday_sealed: null;
}

/** The record's name, bound into its ciphertext: it opens in no other record's column. */
export const PROFILE_RECORD = 'customer_profile';
const FIELDS = ['email', 'name', 'phone', 'address', 'birthday'] as const;

/** The columns a profile write sets: the record, and the old layout's field columns cleared. */
function sealedProfileColumns(record: string): SealedProfile {
  return {
    profile_record: record,
    email_sealed: null,
    name_sealed: null,
    phone_sealed: null,
    address_sealed: null,
    birthday_sealed: null,
  };
}

/** The record's fields in their stored order (the seed seals them with a drafted key). */
export function profileRecordValues(p: ProfileFields): Record<string, string | null> {
  return {
    email: p.email,
    name: p.name,
    phone: p.phone,
    address: p.address,
    birthday: p.birthday,
  };
}

export async function sealProfile(
  vault: Vault,
  db: Db,
  customerId: string,
  p: ProfileFields,
): Promise<SealedProfile> {
  const record = await vault.sealRecord(
    db,
    customerId,
    'profile',
    PROFILE_RECORD,
    profileRecordValues(p),
  );
  return sealedProfileColumns(record);
}

/**
 * The profile with `changes` applied, sealed again (as a record, whichever layout the row was
 * in). Undefined when the stored profile is erased (its key shredded): what is left of it cannot
 * be read to carry over, and a profile must not be brought back field by field.
 */
export async function resealProfile(
  vault: Vault,
  db: Db,
  row: ProfileColumns,
  changes: Partial<ProfileFields>,
): Promise<SealedProfile | undefined> {
  const current = await openProfile(vault, db, row);
  const next = { ...current, ...changes };
  if (FIELDS.some((f) => isErased(next[f]))) return undefined;
  return sealProfile(vault, db, row.id, next as ProfileFields);
}

export async function openProfile(
  vault: Vault,
  db: Db,
  row: ProfileColumns,
): Promise<OpenedProfile> {
  const o =
    row.profile_record !== null
      ? await vault.openRecord(db, row.id, 'profile', PROFILE_RECORD, row.profile_record, FIELDS)
      : await vault.openMany(db, row.id, 'profile', {
          email: row.email_sealed,
          name: row.name_sealed,
          phone: row.phone_sealed,
          address: row.address_sealed,
          birthday: row.birthday_sealed,
        });
  return {
    email: o.email ?? '',
    name: o.name ?? '',
    phone: o.phone,
    address: o.address,
    birthday: o.birthday,
  };
}

/** The email to write to, or undefined when it was erased. */
export async function openEmail(
  vault: Vault,
  db: Db,
  row: Pick<ProfileColumns, 'id' | 'profile_record' | 'email_sealed'>,
): Promise<string | undefined> {
  let email;
  if (row.profile_record !== null) {
    const o = await vault.openRecord(db, row.id, 'profile', PROFILE_RECORD, row.profile_record, [
      'email',
    ]);
    email = o.email;
  } else {
    email =
      row.email_sealed === null
        ? null
        : await vault.open(db, row.id, 'profile', row.email_sealed, 'email');
  }
  return typeof email === 'string' ? email : undefined;
}
