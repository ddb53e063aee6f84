/**
 * Need-to-know from the manifest's roles, through the one access layer: customer service sees the
 * name and address but the identity code masked; marketing sees pseudonymous behaviour only; a
 * reveal needs a role that lists the category and a reason, and is audited; a denied and a
 * missing customer look the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskValue } from '../../src/staff/access/need-to-know.ts';
import type { StaffViewer } from '../../src/staff/access/customer-access.service.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { profiledCustomer } from '../support/staff.ts';
import { proves } from '../support/proves.ts';

let services: TestServices;
let aino: { id: string; pseudonym: string };
const viewer = (...roles: string[]): StaffViewer => ({
  actor: { kind: 'staff', id: `00000000-0000-4000-8000-00000000000${roles.length}` },
  roles,
});
const section = (page: { sections: { category: string }[] }, c: string) =>
  page.sections.find((s) => s.category === c) as
    { category: string; visibility: string; rows: Record<string, string>[] } | undefined;
const auditOf = (action: string) =>
  services.audit.list({ action }).then((es) => es.map((e) => ({ ...e })));

beforeAll(async () => {
  services = await createTestServices();
  aino = await profiledCustomer(services, {
    name: 'Aino Kallio',
    email: 'aino.kallio@example.fi',
    phone: '+358401234567',
    address: 'Kauppakatu 1, 70100 Kuopio',
    birthday: '1952-10-13',
  });
  await services.orders.place({
    customerId: aino.id,
    lang: 'fi',
    cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 1 }],
    contact: {
      name: 'Aino Kallio',
      email: 'aino.kallio@example.fi',
      phone: '+358401234567',
      street: 'Kauppakatu 1',
      postalCode: '70100',
      city: 'Kuopio',
    },
    carrier: 'posti',
    paymentMethod: 'invoice',
    identityCode: '131052-308T',
    whatsappNotices: false,
  });
}, 120_000);
afterAll(() => services?.close());

describe('masks', () => {
  it('masks as the policy shows', () => {
    expect(maskValue('user.name', 'Aino Kallio')).toBe('Aino K••••');
    expect(maskValue('user.contact.email', 'aino.kallio@example.fi')).toBe('••••@example.fi');
    expect(maskValue('user.identity_code', '131052-308T')).toBe('131052-****');
    expect(maskValue('user.contact.address', 'Kauppakatu 1')).toBe('••••');
  });
});

describe('the customer page by role', proves('security:access_by_role'), () => {
  it('customer service: name and address in clear, the identity code masked, not revealable', async () => {
    const cs = viewer('customer_service');
    const page = await services.staff.access.view(cs, aino.pseudonym);
    expect(section(page, 'user.name')!.rows).toEqual([{ name: 'Aino Kallio' }]);
    expect(section(page, 'user.contact.address')!.rows).toEqual([
      { address: 'Kauppakatu 1, 70100 Kuopio' },
    ]);
    const code = section(page, 'user.identity_code')!;
    expect(code.visibility).toBe('masked');
    expect(JSON.stringify(code.rows)).not.toMatch(/308T/);
    expect(JSON.stringify(code.rows)).toMatch(/131052-\*\*\*\*|••••/);
    expect(JSON.stringify(page)).not.toContain('308T');
    await expect(
      services.staff.access.reveal(cs, aino.pseudonym, 'user.identity_code', 'customer asked'),
    ).rejects.toThrow('The customer was not found.');
    const [view] = await auditOf('customer.view');
    expect(view).toMatchObject({
      actorKind: 'staff',
      action: 'customer.view',
      subject: aino.pseudonym,
      access: 'masked',
    });
    expect(view!.categories).toContain('user.name');
    expect(view!.categories).not.toContain('user.identity_code');
  });

  it('marketing: pseudonymous behaviour only, never a name or contact, masked or not', async () => {
    const page = await services.staff.access.view(viewer('marketing'), aino.pseudonym);
    const text = JSON.stringify(page);
    for (const s of page.sections)
      expect(['user.browsing', 'user.recommendation']).toContain(s.category);
    expect(text).not.toMatch(/Aino|Kallio|example\.fi|Kauppakatu|131052|\+358/);
    expect(page.pseudonym).toBe(aino.pseudonym);
  });

  it('a dpo sees the birthday masked until revealed with a reason, audited with the reason sealed', async () => {
    const dpo = viewer('dpo');
    const page = await services.staff.access.view(dpo, aino.pseudonym);
    const birthday = section(page, 'user.birthday')!;
    expect(birthday.visibility).toBe('revealable');
    expect(JSON.stringify(birthday.rows)).not.toContain('1952');
    await expect(
      services.staff.access.reveal(dpo, aino.pseudonym, 'user.birthday', ' '),
    ).rejects.toThrow(/Say why/);
    const revealed = await services.staff.access.reveal(
      dpo,
      aino.pseudonym,
      'user.birthday',
      'Art. 15 request: checking identity',
    );
    expect(revealed.rows).toEqual([{ birthday: '1952-10-13' }]);
    const [entry] = await auditOf('customer.reveal');
    expect(entry).toMatchObject({
      subject: aino.pseudonym,
      categories: ['user.birthday'],
      access: 'revealed',
      outcome: 'ok',
    });
    expect(JSON.stringify(entry)).not.toContain('checking identity');
    expect(await services.audit.openReason(entry!)).toBe('Art. 15 request: checking identity');
  });

  it('a denied and a missing customer look the same', async () => {
    const marketing = viewer('marketing');
    const cs = viewer('customer_service');
    const errorOf = (p: Promise<unknown>) =>
      p.then(
        () => 'found',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    const denied = await errorOf(services.staff.access.find(marketing, 'aino.kallio@example.fi'));
    const missing = await errorOf(services.staff.access.find(cs, 'nobody@example.fi'));
    const missingPseudonym = await errorOf(
      services.staff.access.view(cs, 'AAAAAAAAAAAAAAAAAAAAAA'),
    );
    expect(denied).toBe(missing);
    expect(missingPseudonym).toBe(missing);
    expect(await services.staff.access.find(cs, 'Aino.Kallio@example.fi')).toBe(aino.pseudonym);
    expect(await services.staff.access.find(marketing, aino.pseudonym)).toBe(aino.pseudonym);
  });
});
