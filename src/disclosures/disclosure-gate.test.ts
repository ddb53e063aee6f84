import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import {
  createDisclosureGate,
  DisclosureRefusedError,
  type DisclosureGate,
  type Recipients,
} from './disclosure-gate.ts';
import { findDisclosuresBySubject } from './disclosures.repository.ts';
import { AuditService } from '../audit/audit.service.ts';
import { proves } from '../../test/support/proves.ts';

const label = { en: 'x', fi: 'x', sv: 'x' };
const recipients: Recipients = {
  posti: {
    name: 'Posti',
    label,
    role: 'controller',
    country: 'FI',
    transfer: { basis: 'none_needed' },
    disclosures: [
      {
        purpose: 'order_fulfilment',
        categories: ['user.name', 'user.contact.address'],
        fields: ['name', 'address'],
      },
    ],
  },
  authorities: {
    name: 'Authorities',
    label,
    role: 'authority',
    country: 'FI',
    transfer: { basis: 'none_needed' },
    disclosures: [{ purpose: 'authority_requests', categories: ['user.name'] }],
  },
};

describe('disclosure gate', () => {
  let database: TestDatabase;
  let gate: DisclosureGate;
  const restricted = new Set<string>();
  let subject: string;
  let n = 0;
  let audit: AuditService;
  beforeAll(async () => {
    database = await createTestDatabase();
    audit = new AuditService({ db: database.db });
    gate = createDisclosureGate({
      db: database.db,
      recipients: () => recipients,
      isRestricted: async (s) => restricted.has(s),
      audit,
    });
  });
  beforeEach(() => {
    subject = `subject-pseudonym-${++n}`;
  });
  afterAll(() => database?.drop());

  const records = () => findDisclosuresBySubject(database.db, subject);
  const audited = async () => (await audit.list({ subject })).reverse();
  const send = async (fields: object) => ({ got: fields });

  it(
    'sends only the allowed fields and records the disclosure without the values',
    proves('security:minimisation'),
    async () => {
      const payload = {
        name: 'Maija Meikäläinen',
        address: 'Kauppakatu 1',
        identity_code: '131052-308T',
      };
      const result = await gate.disclose(
        { recipient: 'posti', purpose: 'order_fulfilment', subject, payload },
        async ({ fields }) => send(fields),
      );
      expect(result.got).toEqual({ name: 'Maija Meikäläinen', address: 'Kauppakatu 1' });
      const [record, ...rest] = await records();
      expect(rest).toEqual([]);
      expect(record).toMatchObject({
        recipient: 'posti',
        purpose: 'order_fulfilment',
        categories: ['user.name', 'user.contact.address'],
        fields: ['name', 'address'],
        subjectPseudonym: subject,
        status: 'sent',
      });
      expect(record?.disclosedAt).toBeInstanceOf(Date);
      const row = JSON.stringify(await database.db.selectFrom('disclosures').selectAll().execute());
      expect(row).not.toContain('Maija');
      expect(row).not.toContain('131052');
    },
  );

  it.each([
    ['an undeclared recipient', 'dhl', 'order_fulfilment', 'undeclared_recipient'],
    ['a prototype key as recipient', 'constructor', 'order_fulfilment', 'undeclared_recipient'],
    ['an undeclared purpose', 'posti', 'targeted_marketing', 'undeclared_purpose'],
    ['a disclosure without a field list', 'authorities', 'authority_requests', 'no_field_list'],
  ])('refuses %s and sends and records nothing', async (_what, recipient, purpose, reason) => {
    let sent = false;
    await expect(
      gate.disclose({ recipient, purpose, subject, payload: { name: 'x' } }, async () => {
        sent = true;
      }),
    ).rejects.toMatchObject({ reason, code: 'forbidden' });
    expect(sent).toBe(false);
    expect(await records()).toEqual([]);
  });

  it('refuses while the subject is restricted', async () => {
    restricted.add(subject);
    await expect(
      gate.disclose(
        { recipient: 'posti', purpose: 'order_fulfilment', subject, payload: { name: 'x' } },
        send,
      ),
    ).rejects.toBeInstanceOf(DisclosureRefusedError);
    expect(await records()).toEqual([]);
  });

  it(
    'refuses a subject id that is not a pseudonym',
    proves('security:pseudonymisation'),
    async () => {
      for (const bad of ['maija@example.fi', 'Maija Meikäläinen', 'short']) {
        await expect(
          gate.disclose(
            {
              recipient: 'posti',
              purpose: 'order_fulfilment',
              subject: bad,
              payload: { name: 'x' },
            },
            send,
          ),
        ).rejects.toMatchObject({ code: 'validation_failed' });
      }
    },
  );

  it('marks a disclosure whose sending failed', async () => {
    await expect(
      gate.disclose(
        { recipient: 'posti', purpose: 'order_fulfilment', subject, payload: { name: 'x' } },
        async () => {
          throw new Error('carrier down');
        },
      ),
    ).rejects.toThrow('carrier down');
    expect((await records()).map((r) => r.status)).toEqual(['failed']);
  });

  it('tells which fields a recipient may get, without sending', async () => {
    expect(await gate.allowedFields('posti', 'order_fulfilment')).toEqual({
      fields: ['name', 'address'],
      categories: ['user.name', 'user.contact.address'],
    });
  });

  it('audits each send, and a failed one, as the gate: no values, the disclosure by id', async () => {
    const payload = { name: 'Maija Meikäläinen', address: 'Kauppakatu 1' };
    await gate.disclose(
      { recipient: 'posti', purpose: 'order_fulfilment', subject, payload },
      send,
    );
    await expect(
      gate.disclose({ recipient: 'posti', purpose: 'order_fulfilment', subject, payload }, () =>
        Promise.reject(new Error('carrier down')),
      ),
    ).rejects.toThrow('carrier down');
    const [sent, failed] = await records();
    expect(await audited()).toEqual([
      expect.objectContaining({
        actorKind: 'system',
        actorId: 'disclosure-gate',
        action: 'disclosure.sent',
        subject,
        categories: ['user.name', 'user.contact.address'],
        outcome: 'ok',
        detail: {
          disclosureId: sent!.id,
          recipient: 'posti',
          purpose: 'order_fulfilment',
          fields: 2,
        },
      }),
      expect.objectContaining({ outcome: 'failed' }),
    ]);
    expect((await audited())[1]?.detail?.disclosureId).toBe(failed!.id);
    expect(JSON.stringify(await audited())).not.toMatch(/Maija|Kauppakatu/);
  });

  it('sends nothing unaudited: a refused disclosure leaves no entry', async () => {
    restricted.add(subject);
    await expect(
      gate.disclose(
        { recipient: 'posti', purpose: 'order_fulfilment', subject, payload: {} },
        send,
      ),
    ).rejects.toThrow(DisclosureRefusedError);
    restricted.delete(subject);
    expect(await audited()).toEqual([]);
  });
});
