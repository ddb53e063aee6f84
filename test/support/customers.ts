/** A customer row (sealed by the vault) and a signed-in session cookie for it, without the HTTP flow. */
import { randomUUID } from 'node:crypto';
import { sealProfile } from '../../src/customers/customer-profile.ts';
import { insertCustomer } from '../../src/customers/customers.repository.ts';
import type { Services } from '../../src/app/services.ts';

export async function signedInCustomer(
  services: Services,
  email = `${randomUUID()}@example.test`,
): Promise<{ id: string; email: string; cookie: string }> {
  const { db } = services.database;
  const id = randomUUID();
  const sealed = await sealProfile(services.vault, db, id, {
    email,
    name: 'Test Person',
    phone: null,
    address: null,
    birthday: null,
  });
  await insertCustomer(db, {
    id,
    email_index: services.vault.blindIndex('email', email),
    ...sealed,
    password_hash: null,
    email_verified_at: new Date(),
    policy_version: services.policy.currentVersion.version,
    policy_accepted_at: new Date(),
  });
  const { secret } = await services.customers.sessions.start(id);
  return { id, email, cookie: `hs_session=${secret}` };
}
