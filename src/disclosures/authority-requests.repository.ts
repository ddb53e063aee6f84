/** Requests from authorities. Only this file touches `authority_disclosures`. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface AuthorityDisclosureRecord {
  disclosureId: string;
  authority: string;
  provision: string;
  request: string;
  staffId: string;
  informSubject: boolean;
  withheldReason: string | null;
  recordedAt: Date;
  /** From the disclosure log. */
  subjectPseudonym: string;
  fields: string[];
  status: string;
}

export async function insertAuthorityDisclosure(
  db: Executor,
  r: Omit<AuthorityDisclosureRecord, 'recordedAt' | 'subjectPseudonym' | 'fields' | 'status'>,
): Promise<void> {
  await db
    .insertInto('authority_disclosures')
    .values({
      disclosure_id: r.disclosureId,
      authority: r.authority,
      provision: r.provision,
      request: r.request,
      staff_id: r.staffId,
      inform_subject: r.informSubject,
      withheld_reason: r.withheldReason,
    })
    .execute();
}

/** Newest first, with the disclosure log's subject, fields and status. */
export async function listAuthorityDisclosures(
  db: Executor,
  limit: number,
): Promise<AuthorityDisclosureRecord[]> {
  const rows = await db
    .selectFrom('authority_disclosures as a')
    .innerJoin('disclosures as d', 'd.id', 'a.disclosure_id')
    .select([
      'a.disclosure_id',
      'a.authority',
      'a.provision',
      'a.request',
      'a.staff_id',
      'a.inform_subject',
      'a.withheld_reason',
      'a.recorded_at',
      'd.subject_pseudonym',
      'd.fields',
      'd.status',
    ])
    .orderBy('a.recorded_at', 'desc')
    .orderBy('a.disclosure_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    disclosureId: r.disclosure_id,
    authority: r.authority,
    provision: r.provision,
    request: r.request,
    staffId: r.staff_id,
    informSubject: r.inform_subject,
    withheldReason: r.withheld_reason,
    recordedAt: r.recorded_at,
    subjectPseudonym: r.subject_pseudonym,
    fields: r.fields,
    status: r.status,
  }));
}
