/**
 * A customer's personal fields and their sealed columns. Every field goes through the vault under
 * the customer's profile key; the email is found by its blind index only. Shredded fields come
 * back as `ERASED` and are shown as erased, never as an error.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { isErased, type Erased, type Vault } from '../kit/vault/vault.ts';
import type { CustomerRow } from './customers.repository.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ProfileFields {
  email: string;
  name: string;
  phone: string | null;
  address: string | null;
  birthday: string | null;
}

export type OpenedProfile = { [K in keyof ProfileFields]: ProfileFields[K] | Erased };

export interface SealedProfile {
  email_sealed: string;
  name_sealed: string;
  phone_sealed: string | null;
  address_sealed: string | null;
  birthday_sealed: string | null;
}

export async function sealProfile(
  vault: Vault,
  db: Db,
  customerId: string,
  p: ProfileFields,
): Promise<SealedProfile> {
  const s = await vault.sealMany(db, customerId, 'profile', {
    email: p.email,
    name: p.name,
    phone: p.phone,
    address: p.address,
    birthday: p.birthday,
  });
  return {
    email_sealed: s.email!,
    name_sealed: s.name!,
    phone_sealed: s.phone,
    address_sealed: s.address,
    birthday_sealed: s.birthday,
  };
}

export async function openProfile(vault: Vault, db: Db, row: CustomerRow): Promise<OpenedProfile> {
  const o = await vault.openMany(db, row.id, 'profile', {
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
  row: CustomerRow,
): Promise<string | undefined> {
  const email = await vault.open(db, row.id, 'profile', row.email_sealed, 'email');
  return isErased(email) ? undefined : email;
}
