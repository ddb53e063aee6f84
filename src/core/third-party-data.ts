/**
 * Data that reaches the store from someone other than the person (GDPR Art. 14): a Google or
 * Facebook sign-in profile, Avarda's credit decision. The feature that stores such data calls
 * `record` inside the transaction that stores it, so the duty to tell the person is committed
 * with the data or not at all, and `deliver` after the commit to tell them at once. The notice
 * itself (what, from whom, why, how long, the rights) is src/rights/source-notices.
 *
 * @example
 *   const owed = await db.transaction().execute(async (trx) => {
 *     await insertSignIn(trx, row);
 *     return notices.record(trx, { source: 'google', customerId, ... });
 *   });
 *   await notices.deliver(owed);
 */
import type { Lang } from '../kit/web/i18n.ts';
import type { Executor } from './personal-data-registry.ts';

/** Who gave us the data: a sign-in provider, or Avarda for credit. */
export const thirdPartySources = ['google', 'facebook', 'avarda'] as const;
export type ThirdPartySource = (typeof thirdPartySources)[number];

export function isThirdPartySource(value: string): value is ThirdPartySource {
  return (thirdPartySources as readonly string[]).includes(value);
}

export interface ThirdPartyArrival {
  source: ThirdPartySource;
  /** The account, when there is one; a guest is known by the email index. */
  customerId: string | null;
  /** The vault subject whose profile key seals the address (the customer id, or the guest's). */
  subjectId: string;
  emailIndex: string | null;
  /** Where to write: the address the person gave or the provider certified. */
  email: string;
  lang: Lang;
  receivedAt: Date;
}

export interface ThirdPartyNotices {
  /** Records the notice as owed; undefined when one is already recorded for person and source. */
  record(db: Executor, arrival: ThirdPartyArrival): Promise<string | undefined>;
  /** Sends an owed notice now; never throws (a failure leaves it owed for the sweep). */
  deliver(id: string | undefined): Promise<void>;
}

/** For wiring that has no notices (tools, some tests): records nothing. */
export const noThirdPartyNotices: ThirdPartyNotices = {
  record: () => Promise.resolve(undefined),
  deliver: () => Promise.resolve(),
};
