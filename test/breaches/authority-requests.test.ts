/**
 * Requests from authorities (P28): a disclosure through the disclosure gate gives only the
 * manifest's fields, is logged and audited, and appears in the person's data copy (data.json and
 * summary.html) with the authority and the provision; one the law forbids telling the person
 * about does not, and its reason is recorded.
 */
import { sql } from 'kysely';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { authorityRequestInput } from '../../src/disclosures/authority-requests.service.ts';
import { signedInCustomer } from '../support/customers.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const actor = { kind: 'staff' as const, id: '00000000-0000-4000-8000-000000000002' };
let services: TestServices;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  services = await createTestServices();
  app = createApp(services);
}, 120_000);
afterAll(() => services?.close());

async function dataCopy(customerId: string, cookie: string) {
  const view = await services.rights.requests.create({
    type: 'access',
    channel: 'self_service',
    customerId,
    verified: true,
  });
  await services.rights.runner.run(view.id);
  const res = await app.request(`/api/rights/requests/${view.id}/export`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const raw = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const files = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, new TextDecoder().decode(v)]),
  );
  return {
    data: JSON.parse(files['data.json']!) as {
      disclosures: { recipient: string; authority?: { name: string; provision: string } }[];
    },
    summary: files['summary.html']!,
  };
}

const request = (pseudonym: string, over: Record<string, unknown> = {}) =>
  authorityRequestInput.parse({
    pseudonym,
    authority: 'Itä-Suomen poliisilaitos',
    provision: 'Poliisilaki 872/2011 4:3',
    request: 'The buyer of one order',
    fields: ['name', 'email'],
    informSubject: 'yes',
    ...over,
  });

describe('a disclosure to an authority', () => {
  it('gives only the fields asked for, of the manifest’s, and shows in the data copy', async () => {
    const me = await signedInCustomer(services);
    const pseudonym = await services.vault.pseudonym(services.database.db, me.id);
    const result = await services.registers.authorityRequests.disclose(request(pseudonym), actor);
    expect(Object.keys(result.given).sort()).toEqual(['email', 'name']);
    expect(result.given.email).toBe(me.email);

    const { data, summary } = await dataCopy(me.id, me.cookie);
    const shown = data.disclosures.filter((d) => d.recipient === 'authorities');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.authority).toEqual({
      name: 'Itä-Suomen poliisilaitos',
      provision: 'Poliisilaki 872/2011 4:3',
    });
    expect(summary).toContain('Itä-Suomen poliisilaitos');
    expect(summary).toContain('Poliisilaki 872/2011 4:3');
  });

  it('refuses a field the manifest does not list, and a gag without its reason', async () => {
    const me = await signedInCustomer(services);
    const pseudonym = await services.vault.pseudonym(services.database.db, me.id);
    await expect(
      services.registers.authorityRequests.disclose(
        request(pseudonym, { fields: ['name', 'identity_code'] }),
        actor,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(
      authorityRequestInput.safeParse({ ...request(pseudonym), informSubject: 'no' }).success,
    ).toBe(false);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from disclosures where subject_pseudonym = ${pseudonym}`.execute(
      services.database.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('one the law forbids telling the person about stays out of the data copy, its reason recorded', async () => {
    const me = await signedInCustomer(services);
    const pseudonym = await services.vault.pseudonym(services.database.db, me.id);
    const reason = 'Pakkokeinolaki 806/2011 10:60: telling would endanger the investigation';
    const result = await services.registers.authorityRequests.disclose(
      request(pseudonym, { informSubject: 'no', withheldReason: reason, fields: ['orders'] }),
      actor,
    );
    const { data, summary } = await dataCopy(me.id, me.cookie);
    expect(data.disclosures.filter((d) => d.recipient === 'authorities')).toEqual([]);
    expect(summary).not.toContain('Itä-Suomen poliisilaitos');

    const listed = (await services.registers.authorityRequests.list()).find(
      (r) => r.disclosureId === result.disclosureId,
    );
    expect(listed).toMatchObject({
      informSubject: false,
      withheldReason: reason,
      status: 'sent',
      fields: ['orders'],
    });
    // The disclosure log and the audit log still hold it: accountability, not secrecy from us.
    const { rows } = await sql<{ action: string }>`
      select action from audit_log where subject = ${pseudonym} order by position`.execute(
      services.database.db,
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['disclosure.sent', 'authority.disclose']),
    );
  });
});
