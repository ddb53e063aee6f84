/** Staff members and customers for staff tests, without the HTTP sign-in flow. */
import { randomUUID } from 'node:crypto';
import type { Services } from '../../src/app/services.ts';
import { sealProfile } from '../../src/customers/customer-profile.ts';
import { insertCustomer } from '../../src/customers/customers.repository.ts';
import { totpCode } from '../../src/staff/totp.ts';

let n = 0;

/** An enrolled staff member with a full session: the cookie header, the TOTP secret, the id. */
export async function staffMember(
  services: Services,
  roles: string[],
  password = 'staff member secret',
): Promise<{ id: string; username: string; cookie: string; totp: string; password: string }> {
  const username = `staff${++n}.${randomUUID().slice(0, 6)}`;
  const m = await services.staff.accounts.add(
    { username, password, roles },
    { kind: 'system', id: 'test' },
  );
  const { signIn } = services.staff;
  const pending = await signIn.password(username, password, `198.51.100.${n % 250}`);
  const s = (await signIn.resolve(pending))!;
  const { secret: totp } = await signIn.beginEnrolment(s);
  const { secret } = await signIn.confirmEnrolment(s, totpCode(totp), '198.51.100.1');
  return { id: m.id, username, cookie: `hs_staff=${secret}`, totp, password };
}

/** A customer with a full profile; returns the id and its vault pseudonym. */
export async function profiledCustomer(
  services: Services,
  p: { name: string; email: string; phone?: string; address?: string; birthday?: string },
): Promise<{ id: string; pseudonym: string }> {
  const { db } = services.database;
  const id = randomUUID();
  const sealed = await sealProfile(services.vault, db, id, {
    email: p.email,
    name: p.name,
    phone: p.phone ?? null,
    address: p.address ?? null,
    birthday: p.birthday ?? null,
  });
  await insertCustomer(db, {
    id,
    email_index: services.vault.blindIndex('email', p.email),
    ...sealed,
    password_hash: null,
    email_verified_at: new Date(),
    policy_version: services.policy.currentVersion.version,
    policy_accepted_at: new Date(),
  });
  return { id, pseudonym: await services.vault.pseudonym(db, id) };
}
