/**
 * Requests from authorities (policy P28): a disclosure to an authority goes through the same
 * disclosure gate as every other (disclosure-gate.ts), so it hands over only the fields the
 * manifest lists for `authorities` / `authority_requests`, is refused while an objection or
 * restriction stops that purpose, and is logged and audited like any other send. Beside the log
 * row this records which authority asked, the legal provision cited, what was asked, by whom it
 * was answered, and whether the person may be told: when the law forbids it (e.g. during a
 * criminal investigation) the reason is required and kept, and the disclosure stays out of the
 * person's data copy (disclosures.repository.ts).
 *
 * @example
 *   await service.disclose({ pseudonym, authority: 'Itä-Suomen poliisilaitos',
 *     provision: 'Poliisilaki 872/2011 4:3', request: 'Buyer of order HS-1042',
 *     fields: ['name', 'orders'], informSubject: true }, actor);
 */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { DB } from '../kit/db/schema.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { DisclosureGate } from './disclosure-gate.ts';
import {
  insertAuthorityDisclosure,
  listAuthorityDisclosures,
  type AuthorityDisclosureRecord,
} from './authority-requests.repository.ts';

export const AUTHORITY_RECIPIENT = 'authorities';
export const AUTHORITY_PURPOSE = 'authority_requests';

const text = (max: number) =>
  z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);

export const authorityRequestInput = z
  .object({
    pseudonym: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{8,128}$/, "The customer's pseudonym (from the customer page)."),
    authority: text(200),
    provision: text(300),
    request: text(4000),
    fields: z.preprocess(
      (v): unknown[] =>
        v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
      z.array(z.string().max(100)).min(1, 'Choose what is given.'),
    ),
    informSubject: z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean()),
    withheldReason: z
      .string()
      .trim()
      .max(4000, 'At most 4000 characters.')
      .transform((s) => (s === '' ? undefined : s))
      .optional(),
  })
  .refine((r) => r.informSubject || r.withheldReason !== undefined, {
    path: ['withheldReason'],
    message: 'Give the legal reason the person may not be told.',
  });
export type AuthorityRequestInput = z.infer<typeof authorityRequestInput>;

export interface AuthorityRequestDeps {
  db: Kysely<DB>;
  gate: DisclosureGate;
  vault: Pick<Vault, 'subjectOfPseudonym'>;
  /** The person's data under the allowed field names (src/app wires the customer and order services). */
  payloadOf: (subjectId: string, fields: string[]) => Promise<Record<string, unknown>>;
  audit: AuditTrail;
}

export interface AuthorityDisclosureResult {
  disclosureId: string;
  /** What was handed over, for staff to pass on: only the manifest's fields. */
  given: Record<string, unknown>;
}

const staffIdOf = (a: AuditActor) => (a.kind === 'api-token' ? a.staffId : a.id);

export class AuthorityRequestService {
  constructor(private readonly deps: AuthorityRequestDeps) {}

  /** The fields staff may choose from (the manifest's list), or the gate's refusal. */
  async allowedFields(): Promise<string[]> {
    return (await this.deps.gate.allowedFields(AUTHORITY_RECIPIENT, AUTHORITY_PURPOSE)).fields;
  }

  async disclose(
    input: AuthorityRequestInput,
    actor: AuditActor,
  ): Promise<AuthorityDisclosureResult> {
    const allowed = new Set(await this.allowedFields());
    const extra = input.fields.filter((f) => !allowed.has(f));
    if (extra.length > 0) {
      throw new ValidationError(
        'The privacy manifest does not allow giving this field to authorities.',
        { fields: 'Only the fields the manifest lists.' },
      );
    }
    const subjectId = await this.deps.vault.subjectOfPseudonym(this.deps.db, input.pseudonym);
    if (!subjectId) throw new NotFoundError('The customer');
    const payload = await this.deps.payloadOf(subjectId, [...new Set(input.fields)]);
    const result = await this.deps.gate.disclose(
      {
        recipient: AUTHORITY_RECIPIENT,
        purpose: AUTHORITY_PURPOSE,
        subject: input.pseudonym,
        payload,
      },
      async (d) => {
        // Recorded before the gate marks it sent: a disclosure is never logged without its facts.
        await insertAuthorityDisclosure(this.deps.db, {
          disclosureId: d.disclosureId,
          authority: input.authority,
          provision: input.provision,
          request: input.request,
          staffId: staffIdOf(actor),
          informSubject: input.informSubject,
          withheldReason: input.informSubject ? null : (input.withheldReason ?? null),
        });
        return { disclosureId: d.disclosureId, given: d.fields };
      },
    );
    await this.deps.audit.record({
      actor,
      action: 'authority.disclose',
      subject: input.pseudonym,
      // Sealed under the person's key by the audit log: the reason is recorded, never in clear.
      reason: input.informSubject ? undefined : input.withheldReason,
      detail: {
        disclosureId: result.disclosureId,
        fields: Object.keys(result.given).length,
        informSubject: input.informSubject,
      },
    });
    return result;
  }

  list(limit = 200): Promise<AuthorityDisclosureRecord[]> {
    return listAuthorityDisclosures(this.deps.db, limit);
  }
}
