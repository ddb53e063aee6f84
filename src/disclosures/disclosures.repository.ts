/** The record of disclosures. Only this file touches the `disclosures` table. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { DisclosureStatus } from './disclosures.tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface DisclosureRecord {
  id: string;
  recipient: string;
  purpose: string;
  categories: string[];
  fields: string[];
  subjectPseudonym: string;
  status: DisclosureStatus;
  disclosedAt: Date;
  /** A disclosure to an authority (authority-requests.*): who asked, under which provision. */
  authority?: { name: string; provision: string };
}

export async function insertDisclosure(
  db: Executor,
  d: Pick<DisclosureRecord, 'recipient' | 'purpose' | 'categories' | 'fields' | 'subjectPseudonym'>,
): Promise<string> {
  const row = await db
    .insertInto('disclosures')
    .values({
      recipient: d.recipient,
      purpose: d.purpose,
      categories: JSON.stringify(d.categories),
      fields: JSON.stringify(d.fields),
      subject_pseudonym: d.subjectPseudonym,
      status: 'sending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markDisclosure(
  db: Executor,
  id: string,
  status: Exclude<DisclosureStatus, 'sending'>,
): Promise<void> {
  await db.updateTable('disclosures').set({ status }).where('id', '=', id).execute();
}

/**
 * Disclosures as their subjects may know of them: one to an authority the law forbids telling the
 * person about is left out (`authority_disclosures.inform_subject`).
 */
function visibleToSubject(db: Executor) {
  return db
    .selectFrom('disclosures as d')
    .leftJoin('authority_disclosures as a', 'a.disclosure_id', 'd.id')
    .where((eb) => eb.or([eb('a.inform_subject', 'is', null), eb('a.inform_subject', '=', true)]));
}

/**
 * How many rows {@link findDisclosuresBySubject} gives for each of several pseudonyms, in one
 * statement (those with none are absent).
 */
export async function countDisclosuresBySubjects(
  db: Executor,
  subjectPseudonyms: readonly string[],
): Promise<Map<string, number>> {
  if (subjectPseudonyms.length === 0) return new Map();
  const rows = await visibleToSubject(db)
    .select(['d.subject_pseudonym', (eb) => eb.fn.countAll<string>().as('n')])
    .where('d.subject_pseudonym', 'in', [...new Set(subjectPseudonyms)])
    .groupBy('d.subject_pseudonym')
    .execute();
  return new Map(rows.map((r) => [r.subject_pseudonym, Number(r.n)]));
}

/**
 * Every disclosure about one subject, oldest first: for the access export (Art. 15(1)(c)) and
 * Art. 19, as {@link visibleToSubject}; one to an authority they may know of carries the
 * authority's name and the provision it cited.
 */
export async function findDisclosuresBySubject(
  db: Executor,
  subjectPseudonym: string,
): Promise<DisclosureRecord[]> {
  const rows = await visibleToSubject(db)
    .selectAll('d')
    .select(['a.authority', 'a.provision', 'a.inform_subject'])
    .where('d.subject_pseudonym', '=', subjectPseudonym)
    .orderBy('d.disclosed_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    purpose: r.purpose,
    categories: r.categories,
    fields: r.fields,
    subjectPseudonym: r.subject_pseudonym,
    status: r.status,
    disclosedAt: r.disclosed_at,
    ...(r.authority !== null && r.provision !== null
      ? { authority: { name: r.authority, provision: r.provision } }
      : {}),
  }));
}

/** Art. 19: the recipients that actually received this subject's data (sent disclosures only). */
export async function findRecipientsOfSubject(
  db: Executor,
  subjectPseudonym: string,
): Promise<string[]> {
  return (await findRecipientsOfSubjects(db, [subjectPseudonym])).get(subjectPseudonym) ?? [];
}

/**
 * {@link findRecipientsOfSubject} for several pseudonyms in one statement: each pseudonym's
 * recipients, in name order (a pseudonym with none is left out).
 */
export async function findRecipientsOfSubjects(
  db: Executor,
  pseudonyms: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (pseudonyms.length === 0) return out;
  const rows = await db
    .selectFrom('disclosures')
    .select(['subject_pseudonym', 'recipient'])
    .distinct()
    .where('subject_pseudonym', 'in', [...new Set(pseudonyms)])
    .where('status', '=', 'sent')
    .orderBy('recipient')
    .execute();
  for (const r of rows)
    out.set(r.subject_pseudonym, [...(out.get(r.subject_pseudonym) ?? []), r.recipient]);
  return out;
}
