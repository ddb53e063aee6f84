import { describe, expect, it } from 'vitest';
import { validateIdentityCode } from '../../customers/identity-code.ts';
import { AvardaCreditSimulator } from './avarda-credit.simulator.ts';
import { AvardaPaymentsSimulator, luhnValid } from './avarda-payments.simulator.ts';
import type { PaymentInstrument } from './avarda-payments.adapter.ts';

const birthDateOf = (code: string) => {
  const r = validateIdentityCode(code);
  return r.valid ? r.birthDate : undefined;
};

describe('Avarda payments simulator', () => {
  const card = (cardNumber: string): PaymentInstrument => ({ method: 'card', cardNumber });

  it.each([
    ['4111 1111 1111 1111', undefined],
    ['5555555555554444', undefined],
    ['4000 0000 0000 0002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4111111111111112', 'invalid_card'],
    ['1234', 'invalid_card'],
  ])('card %s → %s', async (number, reason) => {
    const sim = new AvardaPaymentsSimulator();
    const result = await sim.authorise({ order_reference: 'HS-1', amount: 5000 }, card(number));
    if (reason) expect(result).toMatchObject({ status: 'declined', declineReason: reason });
    else expect(result.status).toBe('authorised');
  });

  it.each([
    ['op', undefined],
    ['nordea', undefined],
    ['test_decline', 'cancelled_by_payer'],
    ['bank_of_nowhere', 'unknown_bank'],
  ])('bank %s → %s', async (bank, reason) => {
    const sim = new AvardaPaymentsSimulator();
    const result = await sim.authorise(
      { order_reference: 'HS-1', amount: 5000 },
      { method: 'bank', bank },
    );
    expect(result.status).toBe(reason ? 'declined' : 'authorised');
  });

  it('declines over 5 000 €', async () => {
    const sim = new AvardaPaymentsSimulator();
    const result = await sim.authorise(
      { order_reference: 'HS-1', amount: 500_001 },
      card('4111111111111111'),
    );
    expect(result).toMatchObject({ status: 'declined', declineReason: 'amount_over_limit' });
  });

  it('refuses a zero, negative or fractional amount', async () => {
    const sim = new AvardaPaymentsSimulator();
    for (const amount of [0, -100, 1.5]) {
      await expect(
        sim.authorise({ order_reference: 'HS-1', amount }, card('4111111111111111')),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    }
  });

  it('captures an authorised payment once, up to the authorised amount', async () => {
    const sim = new AvardaPaymentsSimulator();
    const auth = await sim.authorise(
      { order_reference: 'HS-7', amount: 9070 },
      card('4111111111111111'),
    );
    const id = auth.authorisationId;
    await expect(sim.capture(id, { order_reference: 'HS-7', amount: 9071 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(sim.capture(id, { order_reference: 'HS-8', amount: 9070 })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await sim.capture(id, { order_reference: 'HS-7', amount: 9070 })).toMatchObject({
      status: 'captured',
      capturedCents: 9070,
    });
    await expect(sim.capture(id, { order_reference: 'HS-7', amount: 9070 })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('cannot capture a declined payment', async () => {
    const sim = new AvardaPaymentsSimulator();
    const auth = await sim.authorise(
      { order_reference: 'HS-9', amount: 100 },
      card('4000000000000002'),
    );
    await expect(
      sim.capture(auth.authorisationId, { order_reference: 'HS-9', amount: 100 }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('Avarda credit simulator', () => {
  const sim = new AvardaCreditSimulator(birthDateOf, () => new Date('2026-06-01T12:00:00Z'));
  const application = {
    name: 'Maija Meikäläinen',
    address: { street: 'Kauppakatu 1', postalCode: '70100', city: 'Kuopio', country: 'FI' },
    identity_code: '131052-308T',
    amount: 9070,
  };

  it('approves an adult with a valid code within the invoice limit', async () => {
    const d = await sim.decide('invoice', application);
    expect(d).toMatchObject({ outcome: 'approved', reasons: [], approvedCents: 9070 });
    expect(d.plan).toBeUndefined();
  });

  it('splits an approved part payment into monthly instalments', async () => {
    const d = await sim.decide('part_payment', { ...application, amount: 45_000 });
    expect(d).toMatchObject({ outcome: 'approved', plan: { months: 6, monthlyCents: 7500 } });
  });

  it.each([
    [
      'an invalid identity code',
      { identity_code: '131052-308U' },
      'invoice',
      'invalid_identity_code',
    ],
    ['a missing identity code', { identity_code: undefined }, 'invoice', 'invalid_identity_code'],
    ['a missing name', { name: ' ' }, 'invoice', 'incomplete_application'],
    ['an applicant under 18', { identity_code: '010516B903X' }, 'invoice', 'under_18'],
    ['an invoice over 1 500 €', { amount: 150_001 }, 'invoice', 'amount_over_limit'],
    ['a part payment under 100 €', { amount: 9_999 }, 'part_payment', 'amount_under_minimum'],
    ['a part payment over 5 000 €', { amount: 500_001 }, 'part_payment', 'amount_over_limit'],
    ['a negative amount', { amount: -1 }, 'invoice', 'amount_under_minimum'],
    ['a payment default on record', { identity_code: '010594Y9032' }, 'invoice', 'payment_default'],
  ] as const)('rejects %s', async (_what, change, product, reason) => {
    const d = await sim.decide(product, { ...application, ...change });
    expect(d.outcome).toBe('rejected');
    expect(d.reasons).toContain(reason);
    expect(d.approvedCents).toBe(0);
  });

  it('decides the same for codes that differ only in the individual number (no gender)', async () => {
    // 010594Y9032 is in the default register; its neighbours 020594X903P (odd number) and
    // 030694W9024 (even number) are not: the parity of the individual number plays no part.
    const odd = await sim.decide('invoice', { ...application, identity_code: '020594X903P' });
    const even = await sim.decide('invoice', { ...application, identity_code: '030694W9024' });
    expect([odd.outcome, even.outcome]).toEqual(['approved', 'approved']);
  });
});
