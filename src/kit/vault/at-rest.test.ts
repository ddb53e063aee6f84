/**
 * Nothing the vault seals is stored in clear: a customer's email, name, phone, address and
 * identity code are sealed into a table, once per field (layout v1) and once as records (v2),
 * then every table of the database is read as text.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../test/support/services.ts';
import { foundInClear, readAllTablesAsText } from '../../../test/support/tables-as-text.ts';
import { ERASED } from './vault.ts';
import { proves } from '../../../test/support/proves.ts';

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
  await sql`create table vault_at_rest_probe (
    id text primary key, email_index text not null, identity_index text not null,
    email text, name text, phone text, address text, identity_code text, pseudonym text,
    profile_record text, accounting_record text)`.execute(services.database.db);
});
afterAll(async () => {
  await services.close();
});

const customer = {
  email: 'Kaisa.Korhonen+shop@example.fi',
  name: 'Kaisa Korhonen',
  phone: '+358 40 123 4567',
  address: 'Aleksanterinkatu 52, 00100 Helsinki',
};
const identityCode = '131052-308T';

describe('the vault at rest', () => {
  it(
    'stores no sealed field, blind-indexed value or identity code in clear in any table',
    proves('security:encryption'),
    async () => {
      const { vault, database } = services;
      const db = database.db;
      const id = randomUUID();
      const profile = await vault.sealMany(db, id, 'profile', customer);
      const accounting = await vault.sealMany(db, id, 'accounting', {
        identity_code: identityCode,
      });
      await sql`insert into vault_at_rest_probe values (${id}, ${vault.blindIndex('email', customer.email)},
      ${vault.blindIndex('identity_code', identityCode)}, ${profile.email}, ${profile.name},
      ${profile.phone}, ${profile.address}, ${accounting.identity_code},
      ${await vault.pseudonym(db, id)},
      ${await vault.sealRecord(db, id, 'profile', 'customer', customer)},
      ${await vault.sealRecord(db, id, 'accounting', 'customer', { identity_code: identityCode })})`.execute(
        db,
      );

      const { tables, text } = await readAllTablesAsText(db);
      expect(tables).toContain('public.vault_at_rest_probe');
      expect(tables).toContain('public.vault_keys');
      // The probe row is there (so the scan reads what was written)...
      expect(text).toContain(id);
      // ...and nothing of the customer is, whole or in recognisable parts.
      const parts = [
        ...Object.values(customer),
        identityCode,
        '131052',
        'Korhonen',
        'kaisa.korhonen',
        '123 4567',
        '1234567',
        'Aleksanterinkatu',
      ];
      expect(foundInClear(text, parts)).toEqual([]);

      // The scan itself can fail: a field stored in clear would be found.
      await sql`update vault_at_rest_probe set phone = ${customer.phone} where id = ${id}`.execute(
        db,
      );
      expect(foundInClear((await readAllTablesAsText(db)).text, parts)).toContain(customer.phone);
      await sql`update vault_at_rest_probe set phone = ${profile.phone} where id = ${id}`.execute(
        db,
      );

      // The service reads it back through the same vault, and reports erased fields as erased.
      const row = await sql<
        Record<string, string>
      >`select * from vault_at_rest_probe where id = ${id}`
        .execute(db)
        .then((r) => r.rows[0]!);
      const { email, name, phone, address } = row;
      const fields = { email: email!, name: name!, phone: phone!, address: address! };
      expect(await vault.openMany(db, id, 'profile', fields)).toEqual(customer);
      const names = ['email', 'name', 'phone', 'address'] as const;
      expect(
        await vault.openRecord(db, id, 'profile', 'customer', row.profile_record!, names),
      ).toEqual(customer);
      await vault.shred(db, id, 'profile');
      expect(
        await vault.openRecord(db, id, 'profile', 'customer', row.profile_record!, names),
      ).toEqual({ email: ERASED, name: ERASED, phone: ERASED, address: ERASED });
      expect(
        await vault.openRecord(db, id, 'accounting', 'customer', row.accounting_record!, [
          'identity_code',
        ]),
      ).toEqual({ identity_code: identityCode });
      expect(await vault.openMany(db, id, 'profile', fields)).toEqual({
        email: ERASED,
        name: ERASED,
        phone: ERASED,
        address: ERASED,
      });
      expect(await vault.open(db, id, 'accounting', row.identity_code!, 'identity_code')).toBe(
        identityCode,
      );
    },
  );
});
