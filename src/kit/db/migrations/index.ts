/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-policy-versions.ts';
import * as m0010 from './0010-vault.ts';
import * as m0020 from './0020-customers.ts';
import * as m0021 from './0021-notify-outbox.ts';
import * as m0030 from './0030-consent-ledger.ts';
import * as m0031 from './0031-browsing-events.ts';
import * as m0040 from './0040-shop-products.ts';
import * as m0041 from './0041-disclosures.ts';
import * as m0050 from './0050-rights.ts';
import * as m0051 from './0051-dsr-links.ts';
import * as m0052 from './0052-restriction-objection.ts';
import * as m0053 from './0053-dsr-request-details.ts';
import * as m0054 from './0054-rights-coverage.ts';
import * as m0060 from './0060-orders.ts';
import * as m0061 from './0061-reviews.ts';
import * as m0070 from './0070-newsletter.ts';
import * as m0071 from './0071-subject-indexes.ts';
import * as m0080 from './0080-retention.ts';
import * as m0090 from './0090-audit-log.ts';
import * as m0095 from './0095-staff.ts';
import * as m0096 from './0096-request-confirmation.ts';
import * as m0097 from './0097-inactivity-notice.ts';
import * as m0100 from './0100-policy-publish.ts';
import * as m0110 from './0110-breaches.ts';
import * as m0111 from './0111-authority-disclosures.ts';
import * as m0130 from './0130-campaigns.ts';
import * as m0140 from './0140-source-notices.ts';
import * as m0141 from './0141-outbox-guest-subjects.ts';
import * as m0150 from './0150-erasure-held.ts';
import * as m0155 from './0155-audit-cuts.ts';
import * as m0160 from './0160-retention-sweep-indexes.ts';
import * as m0165 from './0165-rate-limits.ts';
import * as m0195 from './0195-erasure-subject-indexes.ts';
import * as m0231 from './0231-consent-proof-queue.ts';
import * as m0232 from './0232-orders-completed-statistics.ts';
import * as m0233 from './0233-audit-cuts-position.ts';
import * as m0234 from './0234-suspended-indexes.ts';
import * as m0238 from './0238-customer-profile-record.ts';

export const migrations: Record<string, Migration> = {
  '0001-policy-versions': m0001,
  '0010-vault': m0010,
  '0020-customers': m0020,
  '0021-notify-outbox': m0021,
  '0030-consent-ledger': m0030,
  '0031-browsing-events': m0031,
  '0040-shop-products': m0040,
  '0041-disclosures': m0041,
  '0050-rights': m0050,
  '0051-dsr-links': m0051,
  '0052-restriction-objection': m0052,
  '0053-dsr-request-details': m0053,
  '0054-rights-coverage': m0054,
  '0060-orders': m0060,
  '0061-reviews': m0061,
  '0070-newsletter': m0070,
  '0071-subject-indexes': m0071,
  '0080-retention': m0080,
  '0090-audit-log': m0090,
  '0095-staff': m0095,
  '0096-request-confirmation': m0096,
  '0097-inactivity-notice': m0097,
  '0100-policy-publish': m0100,
  '0110-breaches': m0110,
  '0111-authority-disclosures': m0111,
  '0130-campaigns': m0130,
  '0140-source-notices': m0140,
  '0141-outbox-guest-subjects': m0141,
  '0150-erasure-held': m0150,
  '0155-audit-cuts': m0155,
  '0160-retention-sweep-indexes': m0160,
  '0165-rate-limits': m0165,
  '0195-erasure-subject-indexes': m0195,
  '0231-consent-proof-queue': m0231,
  '0232-orders-completed-statistics': m0232,
  '0233-audit-cuts-position': m0233,
  '0234-suspended-indexes': m0234,
  '0238-customer-profile-record': m0238,
};
