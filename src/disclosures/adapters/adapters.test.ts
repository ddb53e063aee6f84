/**
 * Each adapter against the shipped manifest (privacy/hersecret.yaml): what reaches the recipient
 * is exactly the manifest's field list for it, extra payload fields are dropped, and every
 * hand-off is recorded.
 */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { validateIdentityCode } from '../../customers/identity-code.ts';
import { loadManifest } from '../../core/manifest/manifest-loader.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import { findDisclosuresBySubject, findRecipientsOfSubject } from '../disclosures.repository.ts';
import { createDisclosureServices, type DisclosureServices } from '../disclosures.service.ts';

const address = { street: 'Kauppakatu 1 A 2', postalCode: '70100', city: 'Kuopio', country: 'FI' };
const contact = {
  name: 'Maija Meikäläinen',
  address,
  phone: '+358401234567',
  email: 'maija@example.fi',
};
/** Fields no recipient may get from these adapters; each test smuggles some in. */
const extras = {
  identity_code: '131052-308T',
  birthday: '1952-10-13',
  password: 'hunter2',
  browsing: ['/products/x'],
};

describe('adapters through the disclosure gate', () => {
  let database: TestDatabase;
  let manifest: Manifest;
  let d: DisclosureServices;
  let subject: string;
  let n = 0;
  beforeAll(async () => {
    database = await createTestDatabase();
    manifest = (await loadManifest(path.resolve('privacy/hersecret.yaml'))).manifest;
    d = createDisclosureServices({
      db: database.db,
      recipients: () => manifest.recipients,
      birthDateOf: (code) => {
        const r = validateIdentityCode(code);
        return r.valid ? r.birthDate : undefined;
      },
      now: () => new Date('2026-06-01T12:00:00Z'),
    });
  });
  beforeEach(() => {
    subject = `pseudo_${String(++n).padStart(6, '0')}`;
  });
  afterAll(() => database?.drop());

  const allowed = (recipient: string, purpose: string) =>
    manifest.recipients[recipient]?.disclosures.find((x) => x.purpose === purpose)?.fields ?? [];

  async function expectRecorded(recipient: string, purpose: string, fields: string[]) {
    const records = await findDisclosuresBySubject(database.db, subject);
    expect(records).toHaveLength(1);
    const declared = manifest.recipients[recipient]?.disclosures.find((x) => x.purpose === purpose);
    expect(records[0]).toMatchObject({
      recipient,
      purpose,
      categories: declared?.categories,
      status: 'sent',
      subjectPseudonym: subject,
    });
    expect(records[0]?.fields.sort()).toEqual([...fields].sort());
  }

  it.each(['posti', 'db_schenker', 'budbee'] as const)(
    'books %s with name, address, phone, email and parcel only',
    async (carrier) => {
      const parcel = { orderReference: `HS-${carrier}`, items: 2, weightGrams: 300 };
      const booking = await d.carriers.book(carrier, subject, { ...contact, parcel, ...extras });
      expect(booking.trackingId).toMatch(/^(JJFI|DBS|BB)\d{10}$/);
      const received = d.simulators.carriers.bookings.at(-1)?.shipment ?? {};
      expect(Object.keys(received).sort()).toEqual(allowed(carrier, 'order_fulfilment').sort());
      expect(Object.keys(received).sort()).toEqual(['address', 'email', 'name', 'parcel', 'phone']);
      await expectRecorded(carrier, 'order_fulfilment', Object.keys(received));
      // The same order booked again keeps its tracking id.
      expect((await d.carriers.book(carrier, subject, { ...contact, parcel })).trackingId).toBe(
        booking.trackingId,
      );
    },
  );

  it('gives Avarda payments the order reference, amount and email only', async () => {
    const result = await d.payments.authorise(
      subject,
      { order_reference: 'HS-1001', amount: 9070, ...contact, ...extras },
      { method: 'card', cardNumber: '4111 1111 1111 1111' },
    );
    expect(result.status).toBe('authorised');
    const received = d.simulators.payments.received.at(-1) ?? {};
    expect(Object.keys(received).sort()).toEqual(['amount', 'email', 'order_reference']);
    expect(Object.keys(received).sort()).toEqual(allowed('avarda_payments', 'payment').sort());
    expect(JSON.stringify(received)).not.toContain('4111');
    await expectRecorded('avarda_payments', 'payment', Object.keys(received));
  });

  it('gives Avarda credit the six fields the manifest lists, and returns a decision', async () => {
    const decision = await d.credit.apply(subject, 'invoice', {
      ...contact,
      identity_code: '131052-308T',
      amount: 9070,
      ...{ birthday: extras.birthday, password: extras.password },
    });
    expect(decision).toMatchObject({ outcome: 'approved', reasons: [], source: 'avarda_credit' });
    expect(decision.logicSummary).toMatch(/Gender .* not used/);
    const received = d.simulators.credit.received.at(-1) ?? {};
    expect(Object.keys(received).sort()).toEqual(
      allowed('avarda_credit', 'credit_decision').sort(),
    );
    expect(Object.keys(received).sort()).toEqual(
      ['address', 'amount', 'email', 'identity_code', 'name', 'phone'].sort(),
    );
    await expectRecorded('avarda_credit', 'credit_decision', Object.keys(received));
  });

  it.each([
    ['whatsapp', 'delivery_notices'],
    ['sms_partner', 'sms_marketing'],
  ] as const)('gives %s the phone and the message only', async (channel, purpose) => {
    const { messageId } = await d.messaging.send(channel, subject, {
      phone: contact.phone,
      message: 'Your parcel is on its way.',
      ...{ name: contact.name, email: contact.email },
    });
    expect(messageId).toBeTruthy();
    const received = d.simulators.messaging.sent.at(-1)?.message ?? {};
    expect(Object.keys(received).sort()).toEqual(['message', 'phone']);
    expect(Object.keys(received).sort()).toEqual(allowed(channel, purpose).sort());
    await expectRecorded(channel, purpose, ['phone', 'message']);
  });

  it('gives the collection agency the debtor and the invoice only', async () => {
    const invoice = {
      invoiceNumber: 'INV-2026-0042',
      orderReference: 'HS-1002',
      amountCents: 5990,
      dueDate: '2026-05-01',
    };
    const { caseId } = await d.collection.submit(subject, { ...contact, invoice, ...extras });
    expect(caseId).toMatch(/^COL-/);
    const received = d.simulators.collection.cases.at(-1)?.claim ?? {};
    expect(Object.keys(received).sort()).toEqual(['address', 'email', 'invoice', 'name', 'phone']);
    expect(Object.keys(received).sort()).toEqual(
      allowed('collection_agency', 'debt_collection').sort(),
    );
    await expectRecorded('collection_agency', 'debt_collection', Object.keys(received));
  });

  it('records a disclosure as failed when the recipient refuses it', async () => {
    await expect(
      d.messaging.send('whatsapp', subject, { phone: '040 123', message: 'hi' }),
    ).rejects.toThrow(/international form/);
    const records = await findDisclosuresBySubject(database.db, subject);
    expect(records.map((r) => r.status)).toEqual(['failed']);
  });

  it('lists what was disclosed about a subject', async () => {
    await d.messaging.send('whatsapp', subject, { phone: contact.phone, message: 'Shipped.' });
    await d.payments.authorise(
      subject,
      { order_reference: 'HS-1003', amount: 100 },
      { method: 'bank', bank: 'op' },
    );
    await expect(
      d.messaging.send('sms_partner', subject, { phone: 'not a number', message: 'Sale!' }),
    ).rejects.toThrow();
    expect((await d.ofSubject(subject)).map((r) => r.recipient)).toEqual([
      'whatsapp',
      'avarda_payments',
      'sms_partner',
    ]);
    // Art. 19 asks who actually received data: the refused SMS does not count.
    expect(await findRecipientsOfSubject(database.db, subject)).toEqual([
      'avarda_payments',
      'whatsapp',
    ]);
  });
});
