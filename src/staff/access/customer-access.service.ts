/**
 * The one access layer every staff read of a customer passes (in the spirit of Immich's
 * `requireAccess`): it finds the customer, runs the personal-data registry's exporters (the same
 * code that answers an Art. 15 request, so the console can show nothing the registry does not
 * know), and passes every category through need-to-know (need-to-know.ts) before anything leaves.
 * Each view and each reveal is an audit entry naming the customer by pseudonym only.
 *
 * "Not found" and "not yours to see" are the same answer: a role that may not look a customer up
 * by email gets the answer a missing address gets.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditTrail } from '../../core/audit-trail.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { PersonalDataModule, SubjectRef } from '../../core/personal-data-registry.ts';
import type { DB } from '../../kit/db/schema.ts';
import { NotFoundError, ValidationError } from '../../kit/errors.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import { isErased } from '../../kit/vault/vault.ts';
import {
  findCustomerByEmailIndex,
  findCustomerById,
} from '../../customers/customers.repository.ts';
import { customerOfOrderReference } from '../staff.repository.ts';
import { holds } from './permissions.ts';
import { maskRow, viewerOf, visibility, type Visibility } from './need-to-know.ts';

export interface CustomerSection {
  category: string;
  visibility: Exclude<Visibility, 'hidden'>;
  /** Clear values for `clear`; masked ones for `masked` and `revealable` (until revealed). */
  rows: Record<string, string>[];
}

export interface CustomerPage {
  pseudonym: string;
  restricted: boolean;
  sections: CustomerSection[];
}

export interface CustomerAccessDeps {
  db: Kysely<DB>;
  vault: Vault;
  audit: AuditTrail;
  manifest: () => Manifest;
  modules: () => PersonalDataModule[];
  /** Art. 18: the customer's processing is restricted (src/rights/restriction). */
  restricted: (customerId: string) => Promise<boolean>;
}

export interface StaffViewer {
  actor: AuditActor;
  roles: readonly string[];
}

const missing = () => new NotFoundError('The customer');

function plain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (isErased(v)) return '(erased)';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

export class CustomerAccess {
  constructor(private readonly deps: CustomerAccessDeps) {}

  /**
   * The pseudonym of the customer found by email address, order number or pseudonym. Finding by
   * a contact detail needs `customer.find_by_contact`; without it the answer is "not found".
   */
  async find(viewer: StaffViewer, query: string): Promise<string> {
    const q = query.trim();
    if (!q || q.length > 254)
      throw new ValidationError('Give an email address, an order number or a pseudonym.');
    const { db, vault } = this.deps;
    let customerId: string | undefined;
    if (q.includes('@') || /^[A-Z0-9]+-[A-Z0-9-]+$/.test(q)) {
      if (!holds(viewer.roles, 'customer.find_by_contact')) throw missing();
      customerId = q.includes('@')
        ? (await findCustomerByEmailIndex(db, vault.blindIndex('email', q)))?.id
        : await customerOfOrderReference(db, q);
    } else {
      customerId = await this.customerOf(q);
    }
    if (!customerId) throw missing();
    return vault.pseudonym(db, customerId);
  }

  /** The customer's page as this viewer may see it; audited as `customer.view`. */
  async view(viewer: StaffViewer, pseudonym: string): Promise<CustomerPage> {
    const { subject, customerId } = await this.subjectOf(pseudonym);
    const v = viewerOf(this.deps.manifest(), viewer.roles);
    const exported = await this.export(subject);
    const sections: CustomerSection[] = [];
    for (const [category, rows] of exported) {
      const vis = visibility(v, category);
      if (vis === 'hidden') continue;
      sections.push({
        category,
        visibility: vis,
        rows: rows.map((r) =>
          vis === 'clear'
            ? Object.fromEntries(Object.entries(r).map(([k, x]) => [k, plain(x)]))
            : maskRow(category, r),
        ),
      });
    }
    const clear = sections.filter((s) => s.visibility === 'clear').map((s) => s.category);
    const masked = sections.length - clear.length;
    await this.deps.audit.record({
      actor: viewer.actor,
      action: 'customer.view',
      subject: pseudonym,
      categories: clear,
      ...(masked > 0 ? { access: 'masked' as const } : {}),
      outcome: 'ok',
      detail: { maskedCategories: masked },
    });
    return { pseudonym, restricted: await this.deps.restricted(customerId), sections };
  }

  /**
   * One category in clear, for a role that lists it, with the typed reason: audited as
   * `customer.reveal`. The caller has checked a recent re-authentication. A category outside the
   * viewer's roles is answered like a missing customer, and the attempt is audited as denied.
   */
  async reveal(
    viewer: StaffViewer,
    pseudonym: string,
    category: string,
    reason: string,
  ): Promise<CustomerSection> {
    const why = reason.trim();
    if (why.length < 5 || why.length > 500)
      throw new ValidationError('Say why you need to see this (5–500 characters).', {
        reason: 'Say why you need to see this (5–500 characters).',
      });
    const { subject } = await this.subjectOf(pseudonym);
    const v = viewerOf(this.deps.manifest(), viewer.roles);
    if (visibility(v, category) !== 'revealable') {
      await this.deps.audit.record({
        actor: viewer.actor,
        action: 'customer.reveal',
        subject: pseudonym,
        categories: [category].filter((c) => /^[a-z][a-z0-9_.]*$/.test(c)),
        outcome: 'denied',
      });
      throw missing();
    }
    const rows = (await this.export(subject)).get(category) ?? [];
    await this.deps.audit.record({
      actor: viewer.actor,
      action: 'customer.reveal',
      subject: pseudonym,
      categories: [category],
      access: 'revealed',
      reason: why,
      outcome: 'ok',
    });
    return {
      category,
      visibility: 'clear',
      rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, plain(x)]))),
    };
  }

  private async customerOf(pseudonym: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{8,128}$/.test(pseudonym)) return undefined;
    const id = await this.deps.vault.subjectOfPseudonym(this.deps.db, pseudonym);
    return id && (await findCustomerById(this.deps.db, id)) ? id : undefined;
  }

  private async subjectOf(pseudonym: string): Promise<{ subject: SubjectRef; customerId: string }> {
    const customerId = await this.customerOf(pseudonym);
    const row = customerId ? await findCustomerById(this.deps.db, customerId) : undefined;
    if (!row) throw missing();
    return { subject: { customerId: row.id, emailIndex: row.email_index }, customerId: row.id };
  }

  /** Every registered module's rows for the subject, merged by category, in one transaction. */
  private async export(subject: SubjectRef): Promise<Map<string, Record<string, unknown>[]>> {
    const merged = new Map<string, Record<string, unknown>[]>();
    await this.deps.db.transaction().execute(async (trx) => {
      for (const m of this.deps.modules()) {
        const section = await m.export(trx, subject);
        for (const [category, rows] of Object.entries(section))
          if (rows.length) merged.set(category, [...(merged.get(category) ?? []), ...rows]);
      }
    });
    return new Map([...merged].sort(([a], [b]) => a.localeCompare(b)));
  }
}
