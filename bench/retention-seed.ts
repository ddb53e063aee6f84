/**
 * The retention bench's store, built with set-based SQL (`insert … select … generate_series`), not
 * through HTTP: a store that has run for years, where a share of every table (`due`, a tenth by
 * default) is past its retention rule's period, as after a few months without a sweep. Every
 * anchor is spread out, a second apart, so batches see distinct dates as in a real store.
 *
 * Nothing here is personal data: customers' vault fields hold placeholders and their keys are
 * placeholders too (the sweeps shred keys, they never open them), except for the small cohorts
 * that the customer sweeps erase through the rights engine, which are sealed by the real vault
 * (`seedErasable`), because an erasure opens the address it writes to.
 *
 * @example
 *   await seedStore(db, { customers: 1e6, orders: 5e6, events: 2e7, due: 0.1 }, now);
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Services } from '../src/app/services.ts';
import type { CheckpointStore } from '../src/audit/audit-checkpoints.ts';
import { AuditService } from '../src/audit/audit.service.ts';
import { sealProfile } from '../src/customers/customer-profile.ts';
import type { DB } from '../src/kit/db/schema.ts';

export interface StoreSize {
  customers: number;
  orders: number;
  events: number;
  /** The share of each table past its rule's period. */
  due: number;
}

/** How many rows of each table the store holds, and how many of them are due. */
export type Seeded = Record<string, { rows: number; due: number }>;

/** `md5(prefix || i)` as a uuid: the same customer id wherever `i` names it. */
const uuidOf = (prefix: string, i: RawSql) => sql`md5(${prefix} || ${i})::uuid`;
type RawSql = ReturnType<typeof sql>;
const i = sql.ref('i');

export async function seedStore(db: Kysely<DB>, size: StoreSize, now: Date): Promise<Seeded> {
  const C = size.customers;
  const O = size.orders;
  const E = size.events;
  const due = (n: number) => Math.floor(n * size.due);
  const seeded: Seeded = {};
  const run = async (table: string, rows: number, dueRows: number, q: RawSql) => {
    const t = performance.now();
    await q.execute(db);
    seeded[table] = { rows, due: dueRows };
    console.log(
      `  seeded ${table}: ${rows.toLocaleString('en')} rows (${dueRows.toLocaleString('en')} due) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  };
  const at = sql`${now}::timestamptz`;

  // Customers: active within the last 2.5 years (none due, none near its notice).
  await run(
    'customers',
    C,
    0,
    sql`insert into customers (id, email_index, email_sealed, name_sealed, policy_version,
        policy_accepted_at, lang, created_at, updated_at, last_active_at)
      select ${uuidOf('c', i)}, md5('e' || i), 'sealed', 'sealed', 1, ${at} - interval '3 years',
        'fi', ${at} - interval '3 years', ${at} - interval '3 years',
        ${at} - (i % 900) * interval '1 day' - (i % 86400) * interval '1 second'
      from generate_series(0, ${C - 1}) i`,
  );
  // Every customer's accounting key (placeholders: a shred deletes the row, never opens it).
  await run(
    'vault_keys',
    C,
    0,
    sql`insert into vault_keys (key_id, subject_id, scope, master_key_id, wrapped_key)
      select 'k-' || i, ${uuidOf('c', i)}::text, 'accounting', 'bench', 'wrapped'
      from generate_series(0, ${C - 1}) i`,
  );

  // Orders, customer (i % C)'s: three due groups (one per order sweep), the rest young.
  const g = Math.floor(due(O) / 3);
  await run(
    'orders',
    O,
    3 * g,
    sql`insert into orders (id, reference, subject_id, customer_id, email_index, lang, status,
        carrier, payment_method, goods_cents, delivery_fee_cents, total_cents, vat_cents,
        contact_sealed, billing_sealed, identity_code_sealed, payment_reference, tracking_id,
        accounting_until, created_at, paid_at, shipped_at, delivered_at, anonymised_at,
        vouchers_ended_at)
      select 'o-' || i, 'R' || i, ${uuidOf('c', sql`i % ${C}`)}::text,
        case when grp >= 2 then ${uuidOf('c', sql`i % ${C}`)}::text end,
        case when grp >= 2 then md5('e' || (i % ${C})) else '' end, 'fi', 'delivered',
        case when grp >= 2 then 'posti' else '' end,
        case when grp = 0 then '' else 'card' end, 4900, 590, 5490, 1063,
        case when grp >= 2 then 'sealed' end, case when grp <> 0 then 'sealed' end,
        null, case when grp <> 0 then 'pay-' || i end, case when grp >= 2 then 'JJFI' || i end,
        (created + interval '11 years')::date, created, created, created + interval '1 day',
        created + interval '2 days',
        case when grp < 2 then created + interval '3 years 1 month' end,
        case when grp = 0 then created + interval '7 years' end
      from generate_series(0, ${O - 1}) i,
      lateral (select case when i < ${g} then 0 when i < ${2 * g} then 1 when i < ${3 * g} then 2
          else 3 end as grp) k,
      lateral (select case grp
          when 0 then ${at} - interval '11 years 6 months' - i * interval '1 second'
          when 1 then ${at} - interval '8 years 6 months' - i * interval '1 second'
          when 2 then ${at} - interval '3 years 3 months' - i * interval '1 second'
          else ${at} - (i % 1000) * interval '1 day' - (i % 86400) * interval '1 second' end
        as created) c`,
  );
  // Group 0: books due (anonymised, vouchers ended); 1: vouchers due (anonymised); 2: consumer
  // trade due (still linked to its buyer); 3: young.
  await run(
    'order_lines',
    O,
    0,
    sql`insert into order_lines (order_id, position, slug, name, size, quantity,
        unit_price_cents, line_total_cents)
      select 'o-' || i, 1, 'aurora-lace-balconette', '{"en":"Aurora Lace Balconette"}', '75C', 1,
        4900, 4900
      from generate_series(0, ${O - 1}) i`,
  );
  await run(
    'credit_decisions',
    Math.floor(O / 10),
    due(Math.floor(O / 10)),
    sql`insert into credit_decisions (id, subject_id, customer_id, email_index, order_id, product,
        outcome, reasons, logic_summary, approved_cents, source, decided_at)
      select 'cd-' || i, ${uuidOf('c', sql`(i * 10) % ${C}`)}::text, null, md5('e' || i),
        'o-' || (i * 10), 'invoice', 'approved', '[]', 'score', 5490, 'avarda',
        case when i < ${due(Math.floor(O / 10))}
          then ${at} - interval '8 years 6 months' - i * interval '1 second'
          else ${at} - (i % 1500) * interval '1 day' end
      from generate_series(0, ${Math.floor(O / 10) - 1}) i`,
  );

  // Browsing events under visitor pseudonyms; the due ones 14 months old and older.
  await run(
    'browsing_events',
    E,
    due(E),
    sql`insert into browsing_events (visitor_id, event, path, product_id, search, occurred_at)
      select 'p-' || (i % ${C}), case when i % 5 = 0 then 'search' else 'view' end,
        '/products/aurora-lace-balconette', 'aurora-lace-balconette',
        case when i % 5 = 0 then 'lace' end,
        case when i < ${due(E)} then ${at} - interval '14 months' - i * interval '1 second'
          else ${at} - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second' end
      from generate_series(0, ${E - 1}) i`,
  );

  // Logs under `system_logs` (12 months): one disclosure per order, notices, sends, requests.
  const logAnchor = (n: number) =>
    sql`case when i < ${due(n)} then ${at} - interval '13 months' - i * interval '1 second'
      else ${at} - (i % 330) * interval '1 day' - (i % 86400) * interval '1 second' end`;
  await run(
    'disclosures',
    O,
    due(O),
    sql`insert into disclosures (recipient, purpose, categories, fields, subject_pseudonym, status,
        disclosed_at)
      select 'posti', 'delivery', '[]', '[]', 'p-' || (i % ${C}), 'sent', ${logAnchor(O)}
      from generate_series(0, ${O - 1}) i`,
  );
  await sql`insert into policy_notice_runs (policy_version, total, started_at)
    select version, 0, ${at} from policy_versions on conflict do nothing`.execute(db);
  await run(
    'policy_notices',
    C,
    due(C),
    sql`insert into policy_notices (policy_version, customer_id, outcome, lang, recorded_at)
      select (select min(version) from policy_versions), ${uuidOf('c', i)}, 'sent', 'fi',
        ${logAnchor(C)}
      from generate_series(0, ${C - 1}) i`,
  );
  const campaign = randomUUID();
  await sql`insert into campaigns (id, channel, subject_en, subject_fi, subject_sv, body_en,
      body_fi, body_sv, status) values (${campaign}, 'email', 's', 's', 's', 'b', 'b', 'b', 'done')`.execute(
    db,
  );
  await run(
    'campaign_sends',
    C,
    due(C),
    sql`insert into campaign_sends (campaign_id, subscription_id, customer_id, outcome, lang, at)
      select ${campaign}::uuid, ${uuidOf('s', i)}, ${uuidOf('c', i)}, 'sent', 'fi', ${logAnchor(C)}
      from generate_series(0, ${C - 1}) i`,
  );
  const breach = randomUUID();
  await sql`insert into breaches (id, nature, description, discovered_at, categories,
      approx_people, approx_records, consequences, consequences_text, measures, measures_text,
      risk, assessment, recorded_by)
    values (${breach}, 'confidentiality', 'bench', ${now}, '[]', 0, 0, '[]', '', '[]', '', 'high',
      '', 'bench')`.execute(db);
  const B = Math.floor(C / 10);
  await run(
    'breach_notices',
    B,
    due(B),
    sql`insert into breach_notices (breach_id, subject_pseudonym, status, at)
      select ${breach}::uuid, 'p-' || i, 'sent', ${logAnchor(B)}
      from generate_series(0, ${B - 1}) i`,
  );
  const S = Math.floor(C / 20);
  await run(
    'source_notices',
    S,
    due(S),
    sql`insert into source_notices (id, subject_key, customer_id, subject_id, source, lang,
        received_at, due_at, sent_at)
      select ${uuidOf('sn', i)}, 'sk-' || i, null, 'guest_' || i, 'avarda', 'fi',
        ${logAnchor(S)}, ${logAnchor(S)}, ${logAnchor(S)}
      from generate_series(0, ${S - 1}) i`,
  );
  const M = Math.floor(C / 50);
  await run(
    'mail_bounces',
    M,
    due(M),
    sql`insert into mail_bounces (email_index, bounced_at)
      select md5('b' || i), ${logAnchor(M)} from generate_series(0, ${M - 1}) i`,
  );
  const R = Math.floor(C / 100);
  await run(
    'dsr_requests',
    R,
    due(R),
    sql`insert into dsr_requests (id, type, status, channel, email_index, received_at, due_at,
        completed_at)
      select ${uuidOf('r', i)}, 'access', 'done', 'email', md5('r' || i), ${logAnchor(R)},
        ${logAnchor(R)} + interval '1 month', ${logAnchor(R)}
      from generate_series(0, ${R - 1}) i`,
  );
  await run(
    'retention_holds',
    200,
    due(200),
    sql`insert into retention_holds (id, customer_id, reason_sealed, placed_by, placed_at, until,
        released_at)
      select 'h-' || i, ${uuidOf('c', i)}::text, 'sealed', 'bench', ${at} - interval '2 years',
        ${at} + interval '1 year', ${logAnchor(200)}
      from generate_series(0, 199) i`,
  );
  // A hold's reason is sealed under its own key (`hold:<id>`), shredded when the hold goes.
  await sql`insert into vault_keys (key_id, subject_id, scope, master_key_id, wrapped_key)
    select 'hk-' || i, 'hold:h-' || i, 'profile', 'bench', 'wrapped'
    from generate_series(0, 199) i`.execute(db);
  // Two holds in force, on a young customer and a young order: every sweep checks them.
  await sql`insert into retention_holds (id, customer_id, order_id, reason_sealed, placed_by,
      placed_at, until) values
    ('h-active-c', ${uuidOf('c', sql`${C - 1}`)}::text, null, 'sealed', 'bench', ${now}, ${at} + interval '1 year'),
    ('h-active-o', null, ${`o-${O - 1}`}, 'sealed', 'bench', ${now}, ${at} + interval '1 year')`.execute(
    db,
  );

  // The consent ledger (`consent_proof`, 3 years from replacement): two choices per visitor, the
  // first replaced by the second; a share of visitors replaced theirs over 3 years ago.
  const V = Math.floor(C / 2);
  await run(
    'consent_records',
    2 * V,
    due(V),
    sql`insert into consent_records (id, visitor_id, decided_at, policy_version, decisions, gpc,
        dnt, explicit, source)
      select ${uuidOf('cr', sql`i || '-' || n`)}, 'cv-' || i, first + (n * interval '200 days'),
        (select min(version) from policy_versions), '{"analytics": true, "marketing": false}',
        false, false, true, 'banner'
      from generate_series(0, ${V - 1}) i, generate_series(0, 1) n,
      lateral (select case when i < ${due(V)}
          then ${at} - interval '3 years 9 months' - i * interval '1 second'
          else ${at} - interval '2 years' - (i % 300) * interval '1 day' end as first) f`,
  );
  await run(
    'consent_customer_links',
    V,
    0,
    sql`insert into consent_customer_links (record_id, customer_id)
      select ${uuidOf('cr', sql`i || '-' || n`)}, ${uuidOf('c', i)}::text
      from generate_series(0, ${V - 1}) i, generate_series(0, 1) n where i % 2 = 0`,
  );

  // Newsletter (`consent_proof`): pending subscriptions never confirmed, and suppressions.
  const N = Math.floor(C / 20);
  const nlAnchor = sql`case when i < ${due(N)}
      then ${at} - interval '3 years 2 months' - i * interval '1 second'
      else ${at} - (i % 900) * interval '1 day' end`;
  await run(
    'newsletter_subscriptions',
    N,
    due(N),
    sql`insert into newsletter_subscriptions (id, email_index, account_index, email_sealed, lang,
        consent_text, status, created_at)
      select ${uuidOf('ns', i)}, md5('ns' || i), md5('na' || i), 'sealed', 'fi', 'text', 'pending',
        ${nlAnchor}
      from generate_series(0, ${N - 1}) i`,
  );
  await sql`insert into vault_keys (key_id, subject_id, scope, master_key_id, wrapped_key)
    select 'nk-' || i, ${uuidOf('ns', i)}::text, 'profile', 'bench', 'wrapped'
    from generate_series(0, ${N - 1}) i`.execute(db);
  await run(
    'newsletter_suppressions',
    N,
    due(N),
    sql`insert into newsletter_suppressions (email_index, suppressed_at)
      select md5('x' || i), ${nlAnchor} from generate_series(0, ${N - 1}) i`,
  );
  return seeded;
}

/**
 * `count` customers sealed by the real vault: inactive for 4 years and told 40 days ago
 * (`customers.inactive` erases them), or, with `closing`, active but with an erasure request
 * verified 40 days ago and not finished (`customers.closed` finishes it).
 */
export async function seedErasable(
  services: Services,
  count: number,
  now: Date,
  closing: boolean,
): Promise<string[]> {
  const db = services.database.db;
  const day = 86_400_000;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = randomUUID();
    const email = `bench-${id}@example.test`;
    const sealed = await sealProfile(services.vault, db, id, {
      email,
      name: 'Bench Person',
      phone: null,
      address: null,
      birthday: null,
    });
    const lastActive = closing
      ? new Date(now.getTime() - 50 * day)
      : new Date(now.getTime() - 4 * 365 * day - n * 1000);
    await db
      .insertInto('customers')
      .values({
        id,
        email_index: services.vault.blindIndex('email', email),
        ...sealed,
        password_hash: null,
        email_verified_at: lastActive,
        policy_version: services.policy.currentVersion.version,
        policy_accepted_at: lastActive,
        created_at: lastActive,
        updated_at: lastActive,
        last_active_at: lastActive,
        inactivity_notice_at: closing ? null : new Date(now.getTime() - 40 * day),
      })
      .execute();
    if (closing) {
      // A verified erasure left unfinished (as by a crash): in SQL, so that the app's own job
      // workers (the storefront server runs them) do not finish it before the sweep does.
      const received = new Date(now.getTime() - 40 * day - n * 1000);
      await sql`insert into dsr_requests (id, type, status, channel, customer_id, received_at, due_at)
        values (${randomUUID()}, 'erasure', 'verified', 'staff', ${id}, ${received},
          ${new Date(received.getTime() + 30 * day)})`.execute(db);
    }
    ids.push(id);
  }
  return ids;
}

/**
 * Audit entries, hash-chained by the real trail (a trail of its own whose clock is set to the
 * time of each part): `total` entries, the first `due` of them 13 months old, the rest a day
 * old, so the chain's oldest prefix is past `system_logs`. With `checkpoints` (the services'
 * file), the head is checkpointed after every thousand entries, as the running service does
 * every minute the head moved: a log a year old has checkpoints all along it.
 */
export async function seedAudit(
  db: Kysely<DB>,
  total: number,
  due: number,
  now: Date,
  checkpoints?: CheckpointStore,
): Promise<void> {
  const t = performance.now();
  let clock = new Date(now.getTime() - 395 * 86_400_000);
  const trail = new AuditService({ db, now: () => clock, ...(checkpoints ? { checkpoints } : {}) });
  for (let k = 0; k < total;) {
    if (k >= due) clock = new Date(now.getTime() - 86_400_000);
    const n = Math.min(1000, (k < due ? due : total) - k);
    await trail.recordMany(
      Array.from({ length: n }, (_, i) => ({
        actor: { kind: 'staff' as const, id: `staff-${(k + i) % 7}` },
        action: 'customer.view',
        subject: `pseudonym-${String(k + i).padStart(8, '0')}`,
        categories: ['user.contact'],
        access: 'masked' as const,
      })),
    );
    k += n;
    // The running service checkpoints the head every minute it moved: one per thousand here.
    await trail.checkpoint();
  }
  console.log(
    `  seeded audit_log: ${total.toLocaleString('en')} rows (${due.toLocaleString('en')} due) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
