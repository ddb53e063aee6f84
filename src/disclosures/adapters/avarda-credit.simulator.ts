/**
 * A local stand-in for Avarda's credit decision. The rules are deterministic and use only the
 * amount, the date of birth in the identity code and a simulated payment-default register; never
 * gender (which the code's individual number would reveal) or any other property of the code.
 * docs/shop.md lists them; in order, every failing rule adds its reason:
 *
 * 1. the identity code must be valid (`invalid_identity_code`); name and address are required
 *    (`incomplete_application`);
 * 2. the applicant must be 18 or older on the decision date (`under_18`);
 * 3. invoice: at most 1 500.00 €; part payment: 100.00 € to 5 000.00 €
 *    (`amount_under_minimum`, `amount_over_limit`);
 * 4. the code must not be in the payment-default register (`payment_default`); the register
 *    holds the test code `010594Y9032`.
 *
 * Approved part payments are split into 3 (up to 300 €), 6 (up to 1 000 €) or 12 monthly
 * instalments, rounded up to the cent, without interest in this simulator.
 */
import { createHash } from 'node:crypto';
import type {
  CreditDecision,
  CreditPayload,
  CreditProduct,
  CreditReason,
  CreditTransport,
} from './avarda-credit.adapter.ts';

/** Returns the date of birth (YYYY-MM-DD) of a valid identity code, undefined otherwise. */
export type IdentityCodeBirthDate = (code: string) => string | undefined;

export const creditLimits: Record<CreditProduct, { minCents: number; maxCents: number }> = {
  invoice: { minCents: 1, maxCents: 150_000 },
  part_payment: { minCents: 10_000, maxCents: 500_000 },
};
export const paymentDefaultRegister = new Set(['010594Y9032']);

const logic =
  'Avarda decides automatically from: the validity of the personal identity code; age 18 or ' +
  'over, from the date of birth in the code; the purchase amount against the limits of the ' +
  'payment method (invoice up to 1 500 €, part payment 100–5 000 €); and whether the code has ' +
  'a payment default on record. Gender and other personal characteristics are not used.';

function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const years = on.getUTCFullYear() - y;
  const beforeBirthday =
    on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  return beforeBirthday ? years - 1 : years;
}

function instalments(amountCents: number): { months: number; monthlyCents: number } {
  const months = amountCents <= 30_000 ? 3 : amountCents <= 100_000 ? 6 : 12;
  return { months, monthlyCents: Math.ceil(amountCents / months) };
}

export class AvardaCreditSimulator implements CreditTransport {
  readonly received: Partial<CreditPayload>[] = [];
  private count = 0;

  constructor(
    private readonly birthDateOf: IdentityCodeBirthDate,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async decide(product: CreditProduct, a: Partial<CreditPayload>): Promise<CreditDecision> {
    this.received.push(a);
    const decidedAt = this.now();
    const reasons: CreditReason[] = [];
    const birthDate = a.identity_code ? this.birthDateOf(a.identity_code) : undefined;
    if (!birthDate) reasons.push('invalid_identity_code');
    if (!a.name?.trim() || !a.address) reasons.push('incomplete_application');
    if (birthDate && ageOn(birthDate, decidedAt) < 18) reasons.push('under_18');
    const amount = a.amount ?? 0;
    const limits = creditLimits[product];
    if (!Number.isSafeInteger(amount) || amount < limits.minCents) {
      reasons.push('amount_under_minimum');
    } else if (amount > limits.maxCents) reasons.push('amount_over_limit');
    if (a.identity_code && paymentDefaultRegister.has(a.identity_code)) {
      reasons.push('payment_default');
    }
    const approved = reasons.length === 0;
    const decisionId = `avc_${createHash('sha256')
      .update(`${decidedAt.toISOString()}:${this.count++}`)
      .digest('hex')
      .slice(0, 20)}`;
    return {
      decisionId,
      product,
      outcome: approved ? 'approved' : 'rejected',
      reasons,
      logicSummary: logic,
      approvedCents: approved ? amount : 0,
      plan: approved && product === 'part_payment' ? instalments(amount) : undefined,
      decidedAt,
      source: 'avarda_credit',
    };
  }
}
