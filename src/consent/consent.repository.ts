/**
 * The ledger's SQL. Records and texts are only ever inserted (the database refuses UPDATE and
 * DELETE on them); the only deletion anywhere is {@link unlinkCustomer}, for erasure.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { ConsentSource } from './consent.ts';
import { countBy } from '../kit/count-by.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface RecordRow {
  id: string;
  visitorId: string | null;
  customerId: string | null;
  decidedAt: Date;
  policyVersion: number;
  textHash: string | null;
  decisions: Record<string, boolean>;
  gpc: boolean;
  dnt: boolean;
  explicit: boolean;
  source: ConsentSource;
  lang: string | null;
}

export async function insertTexts(
  db: Db,
  texts: { hash: string; lang: string; policyVersion: number; content: string }[],
): Promise<void> {
  if (texts.length === 0) return;
  await db
    .insertInto('consent_texts')
    .values(
      texts.map((t) => ({
        hash: t.hash,
        lang: t.lang,
        policy_version: t.policyVersion,
        content: t.content,
      })),
    )
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

export async function findText(db: Db, hash: string) {
  return db
    .selectFrom('consent_texts')
    .select(['hash', 'lang', 'policy_version as policyVersion', 'content'])
    .where('hash', '=', hash)
    .executeTakeFirst();
}

/**
 * Many records in one statement (the batching writer's group commit). The rows travel as one
 * JSON parameter, not eleven per row: binding and parsing 550 parameters cost more than the rows'
 * insertion itself on PGlite (bench:consent's profile; about 40 % less per record at 50 rows).
 * `with ordinality … order by` keeps the batch's order in `seq`, as a multi-row VALUES did.
 */
export async function insertRecords(db: Db, rows: RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((r) => [
      r.id,
      r.visitorId,
      r.decidedAt.toISOString(),
      r.policyVersion,
      r.textHash,
      r.decisions,
      r.gpc,
      r.dnt,
      r.explicit,
      r.source,
      r.lang,
    ]),
  );
  await sql`
    insert into consent_records
      (id, visitor_id, decided_at, policy_version, text_hash, decisions, gpc, dnt, explicit, source, lang)
    select (r->>0)::uuid, r->>1, (r->>2)::timestamptz, (r->>3)::integer, r->>4, r->5,
      (r->>6)::boolean, (r->>7)::boolean, (r->>8)::boolean, r->>9, r->>10
    from jsonb_array_elements(${payload}::jsonb) with ordinality as t(r, n)
    order by n`.execute(db);
  const links = rows.flatMap((r) =>
    r.customerId ? [{ record_id: r.id, customer_id: r.customerId }] : [],
  );
  if (links.length > 0) await db.insertInto('consent_customer_links').values(links).execute();
}

export interface LatestRow {
  key: string;
  granted: boolean;
  seq: number;
  id: string;
  decidedAt: Date;
  policyVersion: number;
  explicit: boolean;
  gpc: boolean;
  dnt: boolean;
}

/**
 * The newest decision per key (category or channel) for a visitor or for a customer. Newest by
 * the time the choice was made, then by insertion: batches may commit concurrently, so a later
 * choice can be inserted before an earlier one.
 */
export async function latestDecisions(
  db: Db,
  by: { visitorId: string } | { customerId: string },
): Promise<LatestRow[]> {
  const where =
    'visitorId' in by
      ? sql`r.visitor_id = ${by.visitorId}`
      : sql`r.id in (select record_id from consent_customer_links where customer_id = ${by.customerId})`;
  const { rows } = await sql<LatestRow>`
    select distinct on (d.key) d.key, (d.value)::boolean as granted, r.seq, r.id,
      r.decided_at as "decidedAt", r.policy_version as "policyVersion",
      r.explicit, r.gpc, r.dnt
    from consent_records r cross join lateral jsonb_each(r.decisions) as d(key, value)
    where ${where}
    order by d.key, r.decided_at desc, r.seq desc`.execute(db);
  return rows;
}

/**
 * {@link latestDecisions} of many visitors or many customers in one statement (bulk work such as
 * a campaign batch asks `allows()` for hundreds of subscribers at once), keyed by `owner`.
 */
export async function latestDecisionsOfMany(
  db: Db,
  by: { visitorIds: string[] } | { customerIds: string[] },
): Promise<(LatestRow & { owner: string })[]> {
  const ids = 'visitorIds' in by ? by.visitorIds : by.customerIds;
  if (ids.length === 0) return [];
  const list = sql.join(ids.map((id) => sql`${id}`));
  const query =
    'visitorIds' in by
      ? sql<LatestRow & { owner: string }>`
    select distinct on (r.visitor_id, d.key) r.visitor_id as owner, d.key,
      (d.value)::boolean as granted, r.seq, r.id, r.decided_at as "decidedAt",
      r.policy_version as "policyVersion", r.explicit, r.gpc, r.dnt
    from consent_records r cross join lateral jsonb_each(r.decisions) as d(key, value)
    where r.visitor_id in (${list})
    order by r.visitor_id, d.key, r.decided_at desc, r.seq desc`
      : sql<LatestRow & { owner: string }>`
    select distinct on (l.customer_id, d.key) l.customer_id::text as owner, d.key,
      (d.value)::boolean as granted, r.seq, r.id, r.decided_at as "decidedAt",
      r.policy_version as "policyVersion", r.explicit, r.gpc, r.dnt
    from consent_customer_links l join consent_records r on r.id = l.record_id
      cross join lateral jsonb_each(r.decisions) as d(key, value)
    where l.customer_id in (${list})
    order by l.customer_id, d.key, r.decided_at desc, r.seq desc`;
  return (await query.execute(db)).rows;
}

export interface HistoryRow extends RecordRow {
  seq: number;
  textLang: string | null;
  textContent: string | null;
}

/**
 * Every record of a visitor and/or a customer, oldest first, with the text as shown. With
 * `ownOnly`, a visitor's records linked to a customer count only for that customer: a shared
 * browser must not show one person's history to the next (the proof export).
 */
export async function history(
  db: Db,
  subject: { visitorId?: string | undefined; customerId?: string | undefined },
  options: { ownOnly?: boolean } = {},
): Promise<HistoryRow[]> {
  if (!subject.visitorId && !subject.customerId) return [];
  let q = db
    .selectFrom('consent_records as r')
    .leftJoin('consent_customer_links as l', 'l.record_id', 'r.id')
    .leftJoin('consent_texts as t', 't.hash', 'r.text_hash')
    .select([
      'r.seq',
      'r.id',
      'r.visitor_id as visitorId',
      'l.customer_id as customerId',
      'r.decided_at as decidedAt',
      'r.policy_version as policyVersion',
      'r.text_hash as textHash',
      'r.decisions',
      'r.gpc',
      'r.dnt',
      'r.explicit',
      'r.source',
      'r.lang',
      't.lang as textLang',
      't.content as textContent',
    ]);
  q = q.where((eb) =>
    eb.or([
      ...(subject.visitorId
        ? [
            options.ownOnly
              ? eb.and([
                  eb('r.visitor_id', '=', subject.visitorId),
                  eb('l.customer_id', 'is', null),
                ])
              : eb('r.visitor_id', '=', subject.visitorId),
          ]
        : []),
      ...(subject.customerId ? [eb('l.customer_id', '=', subject.customerId)] : []),
    ]),
  );
  return q.orderBy('r.decided_at').orderBy('r.seq').execute();
}

/** Which of these record ids are in the ledger (crash tests, audits). */
export async function existingRecordIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('consent_records').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export interface StatisticsRow {
  day: string;
  key: string;
  granted: number;
  refused: number;
  signalled: number;
}

/** Decisions per key per UTC day; `to` is inclusive. */
export async function statistics(db: Db, from: string, to: string): Promise<StatisticsRow[]> {
  const { rows } = await sql<StatisticsRow>`
    select to_char(r.decided_at at time zone 'UTC', 'YYYY-MM-DD') as day, d.key,
      count(*) filter (where (d.value)::boolean)::int as granted,
      count(*) filter (where not (d.value)::boolean)::int as refused,
      count(*) filter (where r.gpc or r.dnt)::int as signalled
    from consent_records r cross join lateral jsonb_each(r.decisions) as d(key, value)
    where r.decided_at >= (${from}::date)::timestamp at time zone 'UTC'
      and r.decided_at < (${to}::date + 1)::timestamp at time zone 'UTC'
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/**
 * The manifest's own `policy.version` of the latest significant publication that touches a
 * consent purpose (src/policy/policy-publisher.ts), if any: consent given under an older policy
 * version is asked again. (`policy_versions.version` counts
 * publications, typo fixes included; the manifest's number is what consent records carry.)
 */
export async function latestSignificantPolicyVersion(db: Db): Promise<number | undefined> {
  const { rows } = await sql<{ version: number | null }>`
    select max((manifest -> 'policy' ->> 'version')::int) as version
    from policy_versions where significant and touches_consent`.execute(db);
  return rows[0]?.version ?? undefined;
}

/**
 * Erasure's narrow path: forget which customer made which choices. The records stay as
 * pseudonymous proof; nothing else in the ledger can be deleted.
 */
export async function unlinkCustomer(db: Db, customerId: string): Promise<number> {
  const result = await db
    .deleteFrom('consent_customer_links')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** {@link unlinkCustomer} for several customers in one statement: how many links each lost. */
export async function unlinkCustomers(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .deleteFrom('consent_customer_links')
    .where('customer_id', 'in', [...customerIds])
    .returning('customer_id')
    .execute();
  return countBy(rows, (r) => r.customer_id);
}
