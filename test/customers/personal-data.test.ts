import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCustomerByEmailIndex } from '../../src/customers/customers.repository.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { readAllTablesAsText } from '../support/tables-as-text.ts';

const origin = 'http://localhost:3000';

describe('accounts in data-subject requests', () => {
  let services: TestServices;
  let customerId: string;

  beforeAll(async () => {
    services = await createTestServices();
    const app = createApp(services);
    const res = await app.request('/account/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({
        email: 'erkki.export@example.fi',
        password: 'export erase passphrase',
        name: 'Erkki Export',
        phone: '+358 50 111 2222',
        acceptPolicy: true,
      }),
    });
    expect(res.status).toBe(202);
    const index = services.vault.blindIndex('email', 'erkki.export@example.fi');
    customerId = (await findCustomerByEmailIndex(services.database.db, index))!.id;
  });
  afterAll(() => services?.close());

  it('is registered with the rights engine and exports the account decrypted', async () => {
    const module = services.rights.registry.get('customer_accounts')!;
    expect(module.tables).toContain('customers');
    const section = await module.export(services.database.db, { customerId, emailIndex: null });
    expect(section['user.contact.email']).toEqual([
      { email: 'erkki.export@example.fi', verifiedAt: null },
    ]);
    expect(section['user.name']).toEqual([{ name: 'Erkki Export' }]);
    expect(section['user.contact.phone']).toEqual([{ phone: '+358 50 111 2222' }]);
    expect(section['user.contact.address']).toBeUndefined();
    expect(section['user.account']?.[0]).toMatchObject({ customerId, hasPassword: true });
  });

  it('erases the account, its mail and its profile key', async () => {
    const module = services.rights.registry.get('customer_accounts')!;
    const db = services.database.db;
    const outcome = await db
      .transaction()
      .execute((trx) =>
        module.erase(trx, { customerId, emailIndex: null }, { requestId: 'r1', keep: [] }),
      );
    expect(outcome.erased).toBe(2); // the account and its verification mail in the outbox
    const { text } = await readAllTablesAsText(db);
    // Only the vault's accounting key may still name the customer (kept by design, src/vault).
    const mentions = text.split('\n').filter((l) => l.includes(customerId));
    expect(mentions.every((l) => l.includes(',accounting,'))).toBe(true);
    const profileKey = await db
      .selectFrom('vault_keys')
      .select('key_id')
      .where('subject_id', '=', customerId)
      .where('scope', '=', 'profile')
      .execute();
    expect(profileKey).toEqual([]);
    expect(await module.export(db, { customerId, emailIndex: null })).toEqual({});
  });
});
