/**
 * The registers' wiring (issue 14): the breach register (src/breaches) and requests from
 * authorities (src/disclosures/authority-requests.*), given what they need from the customer and
 * order services. Kept out of services.ts so the composition root stays a list.
 */
import { BreachService } from '../breaches/breaches.service.ts';
import { openEmail, openProfile } from '../customers/customer-profile.ts';
import { findCustomerById } from '../customers/customers.repository.ts';
import type { CustomerServices } from '../customers/customers.service.ts';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { AuthorityRequestService } from '../disclosures/authority-requests.service.ts';
import type { DisclosureServices } from '../disclosures/disclosures.service.ts';
import type { Database } from '../kit/db/database.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import { isLang } from '../kit/web/i18n.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { OrderServices } from '../orders/orders.service.ts';

export interface Registers {
  /** The breach register: the 72-hour clock, the Ombudsman's text, the Art. 34 notices. */
  breaches: BreachService;
  /** Disclosures to authorities, through the disclosure gate. */
  authorityRequests: AuthorityRequestService;
}

export function createRegisters(deps: {
  database: Database;
  vault: Vault;
  mailer: Mailer;
  audit: AuditTrail;
  manifest: () => Manifest;
  customers: CustomerServices;
  orders: OrderServices;
  disclosures: DisclosureServices;
  /** The clock (tests move it to see the 72 hours pass). */
  now?: () => Date;
}): Registers {
  const { db } = deps.database;
  const breaches = new BreachService({
    db,
    vault: deps.vault,
    mailer: deps.mailer,
    audit: deps.audit,
    manifest: deps.manifest,
    ...(deps.now ? { now: deps.now } : {}),
    // Only an account has an address and a language to write to; an erased one has neither.
    contactOf: async (subjectId) => {
      const row = await findCustomerById(db, subjectId);
      if (!row) return undefined;
      const email = await openEmail(deps.vault, db, row);
      return email ? { email, lang: isLang(row.lang) ? row.lang : 'en' } : undefined;
    },
  });
  const authorityRequests = new AuthorityRequestService({
    db,
    gate: deps.disclosures.gate,
    vault: deps.vault,
    audit: deps.audit,
    payloadOf: async (subjectId, fields) => {
      const row = await findCustomerById(db, subjectId);
      const profile = row ? await openProfile(deps.vault, db, row) : undefined;
      const clear = (v: unknown) => (v === undefined || v === null || isErased(v) ? undefined : v);
      const payload: Record<string, unknown> = {};
      for (const field of fields) {
        if (field === 'name') payload.name = clear(profile?.name);
        if (field === 'email') payload.email = clear(profile?.email);
        if (field === 'address') payload.address = clear(profile?.address);
        if (field === 'orders' && row) {
          payload.orders = (await deps.orders.ofCustomer(subjectId)).map((o) => ({
            reference: o.reference,
            status: o.status,
            totalCents: o.totalCents,
            createdAt: o.createdAt.toISOString(),
          }));
        }
        if (field === 'sign_ins' && row) {
          payload.sign_ins = (await deps.customers.accounts.profile(subjectId)).signIns.map(
            (s) => ({ provider: s.provider, receivedAt: s.receivedAt.toISOString() }),
          );
        }
      }
      return payload;
    },
  });
  return { breaches, authorityRequests };
}
