/**
 * The two layouts of a customer's profile (src/customers/customer-profile.ts): rows written before
 * migration 0238 hold five sealed field columns, rows written since one sealed record. An old row
 * still opens, any profile write turns it into a record, and a shredded profile key reads as
 * ERASED in both layouts, never as an error.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmail, openProfile } from '../../src/customers/customer-profile.ts';
import {
  PROFILE_COLUMNS,
  findCustomerById,
  insertCustomer,
} from '../../src/customers/customers.repository.ts';
import { ERASED } from '../../src/kit/vault/vault.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const person = {
  email: 'vanha.rivi@example.fi',
  name: 'Vanha Rivi',
  phone: '+358 40 765 4321',
  address: 'Vanhatie 5, 00100 Helsinki',
  birthday: null,
};

describe('customer profile layouts', () => {
  let services: TestServices;
  const db = () => services.database.db;

  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(() => services?.close());

  /** A row as the app wrote it before migration 0238: one vault ciphertext per field column. */
  async function oldLayoutCustomer(email = `${randomUUID()}@example.fi`): Promise<string> {
    const id = randomUUID();
    const sealed = await services.vault.sealMany(db(), id, 'profile', { ...person, email });
    await insertCustomer(db(), {
      id,
      email_index: services.vault.blindIndex('email', email),
      email_sealed: sealed.email!,
      name_sealed: sealed.name!,
      phone_sealed: sealed.phone,
      address_sealed: sealed.address,
      birthday_sealed: sealed.birthday,
      password_hash: null,
      email_verified_at: new Date(),
      policy_version: services.policy.currentVersion.version,
      policy_accepted_at: new Date(),
    });
    return id;
  }

  async function columns(id: string) {
    return db()
      .selectFrom('customers')
      .select(PROFILE_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  it('writes new profiles as one record and leaves the field columns empty', async () => {
    const { id, email } = await signedInCustomer(services);
    const c = await columns(id);
    expect(c.profile_record).toMatch(/^v2\./);
    expect([c.email_sealed, c.name_sealed, c.phone_sealed, c.address_sealed]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const profile = await services.customers.accounts.profile(id);
    expect(profile).toMatchObject({ email, name: 'Test Person', phone: null, address: null });
  });

  it('opens a row in the old field layout, in the profile, the export and the email', async () => {
    const email = `${randomUUID()}@example.fi`;
    const id = await oldLayoutCustomer(email);
    expect((await columns(id)).profile_record).toBeNull();
    // The account page reads only its columns: the profile's and what it shows besides.
    expect(await services.customers.accounts.profile(id)).toEqual({
      ...person,
      email,
      id,
      emailVerified: true,
      hasPassword: false,
      policyVersion: services.policy.currentVersion.version,
      policyAcceptedAt: expect.any(Date) as unknown,
      createdAt: expect.any(Date) as unknown,
      signIns: [],
    });
    const row = (await findCustomerById(db(), id))!;
    expect(await openEmail(services.vault, db(), row)).toBe(email);
    const section = await services.rights.registry
      .get('customer_accounts')!
      .export(db(), { customerId: id, emailIndex: null });
    expect(section['user.name']).toEqual([{ name: person.name }]);
    expect(section['user.contact.phone']).toEqual([{ phone: person.phone }]);
    expect(section['user.birthday']).toBeUndefined();
  });

  it('rewrites an old row as a record when the profile is rectified, keeping the email', async () => {
    const email = `${randomUUID()}@example.fi`;
    const id = await oldLayoutCustomer(email);
    await services.customers.accounts.updateProfile(id, {
      name: 'Uusi Nimi',
      phone: '',
      address: person.address,
      birthday: '1980-02-03',
    });
    const c = await columns(id);
    expect(c.profile_record).toMatch(/^v2\./);
    expect(c).toMatchObject({
      email_sealed: null,
      name_sealed: null,
      phone_sealed: null,
      address_sealed: null,
      birthday_sealed: null,
    });
    expect(await services.customers.accounts.profile(id)).toMatchObject({
      email,
      name: 'Uusi Nimi',
      phone: null,
      address: person.address,
      birthday: '1980-02-03',
    });
    // Still found by the blind index of the unchanged address.
    expect(await services.customers.accounts.emailIndexOf(id)).toBe(
      services.vault.blindIndex('email', email),
    );
  });

  it('rewrites an old row as a record when the email changes, keeping the other fields', async () => {
    const id = await oldLayoutCustomer();
    const to = `${randomUUID()}@example.fi`;
    await services.customers.accounts.requestEmailChange(id, to, 'fi');
    const { outbox } = services.notify;
    const mail = (await outbox.list(500)).find(
      (m) => m.customerId === id && m.template === 'change_email',
    )!;
    const token = /token=([\w-]+)/.exec((await outbox.open(mail.id))!.message!.text)![1]!;
    await services.customers.accounts.confirmEmailChange(token, 'fi');
    const c = await columns(id);
    expect(c.profile_record).toMatch(/^v2\./);
    expect(c.email_sealed).toBeNull();
    expect(c.name_sealed).toBeNull();
    expect(await services.customers.accounts.profile(id)).toMatchObject({ ...person, email: to });
    expect(await services.customers.accounts.emailIndexOf(id)).toBe(
      services.vault.blindIndex('email', to),
    );
  });

  it('refuses a row holding both layouts at once', async () => {
    const { id } = await signedInCustomer(services);
    await expect(
      db().updateTable('customers').set({ name_sealed: 'v1.x.y.z' }).where('id', '=', id).execute(),
    ).rejects.toThrow();
  });

  it('reads a shredded profile as ERASED in both layouts, never as an error', async () => {
    const oldId = await oldLayoutCustomer();
    const { id: newId } = await signedInCustomer(services);
    for (const id of [oldId, newId]) await services.vault.shred(db(), id, 'profile');

    const oldRow = (await findCustomerById(db(), oldId))!;
    // The old layout: each present field is erased, an absent one stays absent.
    expect(await openProfile(services.vault, db(), oldRow)).toEqual({
      email: ERASED,
      name: ERASED,
      phone: ERASED,
      address: ERASED,
      birthday: null,
    });
    const newRow = (await findCustomerById(db(), newId))!;
    // The record: which fields it held cannot be told any more either.
    expect(await openProfile(services.vault, db(), newRow)).toEqual({
      email: ERASED,
      name: ERASED,
      phone: ERASED,
      address: ERASED,
      birthday: ERASED,
    });
    for (const row of [oldRow, newRow]) {
      expect(await openEmail(services.vault, db(), row)).toBeUndefined();
      const profile = await services.customers.accounts.profile(row.id);
      expect(profile.email).toBe(ERASED);
      const section = await services.rights.registry
        .get('customer_accounts')!
        .export(db(), { customerId: row.id, emailIndex: null });
      expect(section['user.contact.email']).toEqual([
        { email: '(erased)', verifiedAt: expect.any(Date) as unknown },
      ]);
      // Nothing erased is written back: a rectification of an erased profile finds no account.
      await expect(
        services.customers.accounts.updateProfile(row.id, {
          name: 'Joku',
          phone: '',
          address: '',
          birthday: '',
        }),
      ).rejects.toThrow();
    }
  });
});
