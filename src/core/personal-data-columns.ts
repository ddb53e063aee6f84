/**
 * What every column of every table holds, with regard to personal data. The schema coverage test
 * (test/rights/schema-coverage.test.ts) reads the migrated schema and fails when a column is
 * missing here, when an entry names a column that no longer exists, or when a table holding
 * anything but `not_personal` columns is not covered by a module of the personal-data registry
 * (so a request exports and erases it).
 *
 * - `{ personal: category }`: personal data in clear, of that privacy-manifest category
 *   (behaviour, choices, purchases: what a row says about the person it is linked to);
 * - `sealed`: a vault ciphertext (src/vault): unreadable once its key is shredded;
 * - `index`: a vault blind index (keyed HMAC) of an email, identity code or provider subject:
 *   finds a person's rows without the value itself;
 * - `pseudonym`: an identifier that stands for a person and leads to them through another table
 *   or the vault (customer id, vault subject id, vault pseudonym, `hs_vid` visitor id);
 * - `not_personal`: says nothing about a person (ids of things, amounts, statuses, timestamps of
 *   rows that are reached only through one of the above, catalog and policy texts, hashes of
 *   random tokens, wrapped keys).
 *
 * The migrator's tables and pg-boss's schema are not listed: they hold no data of ours about
 * people (pg-boss job payloads carry request ids only, see src/rights/engine/rights.service.ts).
 */
export type ColumnClass = { personal: string } | 'sealed' | 'index' | 'pseudonym' | 'not_personal';

const np = 'not_personal' as const;
const personal = (category: string) => ({ personal: category });

export const personalDataColumns: Record<string, Record<string, ColumnClass>> = {
  policy_versions: {
    version: np,
    label: np,
    effective_date: np,
    content_hash: np,
    manifest: np,
    significant: np,
    published_at: np,
    notes: np,
    touches_consent: np,
  },
  policy_notice_runs: { policy_version: np, total: np, started_at: np, finished_at: np },
  // Which customer was told of which version, in which language (src/policy/policy-notices.ts).
  policy_notices: {
    policy_version: np,
    customer_id: 'pseudonym',
    outcome: np,
    lang: np,
    recorded_at: np,
  },

  // src/vault
  vault_keys: {
    key_id: np,
    subject_id: 'pseudonym',
    scope: np,
    master_key_id: np,
    wrapped_key: np,
    created_at: np,
  },
  vault_pseudonyms: {
    link_id: np,
    subject_id: 'pseudonym',
    pseudonym: 'pseudonym',
    created_at: np,
  },
  vault_shred_ledger: { op: np, id: np, at: np },

  // src/customers, src/notify
  customers: {
    id: 'pseudonym',
    email_index: 'index',
    profile_record: 'sealed',
    email_sealed: 'sealed',
    name_sealed: 'sealed',
    phone_sealed: 'sealed',
    address_sealed: 'sealed',
    birthday_sealed: 'sealed',
    password_hash: personal('user.account'),
    email_verified_at: np,
    policy_version: np,
    policy_accepted_at: np,
    lang: np,
    created_at: np,
    updated_at: np,
    last_active_at: np,
    inactivity_notice_at: np,
  },
  customer_sessions: { id_hash: np, customer_id: 'pseudonym', created_at: np, expires_at: np },
  customer_tokens: {
    token_hash: np,
    customer_id: 'pseudonym',
    purpose: np,
    new_email_index: 'index',
    new_email_sealed: 'sealed',
    created_at: np,
    expires_at: np,
    used_at: np,
  },
  customer_sign_ins: {
    id: np,
    customer_id: 'pseudonym',
    provider: personal('user.sign_in'),
    subject_index: 'index',
    profile_sealed: 'sealed',
    source: np,
    received_at: np,
    linked_at: np,
  },
  notify_outbox: {
    id: np,
    customer_id: 'pseudonym',
    template: np,
    message_sealed: 'sealed',
    created_at: np,
    expires_at: np,
  },
  mail_bounces: { email_index: 'index', bounced_at: np },

  // src/consent
  consent_texts: { hash: np, lang: np, policy_version: np, content: np, first_shown_at: np },
  consent_records: {
    seq: np,
    id: np,
    visitor_id: 'pseudonym',
    decided_at: np,
    policy_version: np,
    text_hash: np,
    decisions: personal('user.consent'),
    gpc: personal('user.consent'),
    dnt: personal('user.consent'),
    explicit: np,
    source: np,
    lang: np,
  },
  consent_customer_links: { record_id: np, customer_id: 'pseudonym' },
  // The consent-proof sweep's work list for a retention run: record ids and times only.
  consent_proof_queue: { record_id: np, replaced_at: np, seq: np, by_customer: np },
  consent_proof_queue_run: { id: np, run: np, after_at: np, after_seq: np, filled_at: np },
  browsing_events: {
    id: np,
    visitor_id: 'pseudonym',
    event: personal('user.browsing'),
    path: personal('user.browsing'),
    product_id: personal('user.browsing'),
    search: personal('user.browsing'),
    occurred_at: np,
  },

  // src/shop, src/disclosures
  products: {
    slug: np,
    category: np,
    name: np,
    description: np,
    sizes: np,
    price_cents: np,
    stock: np,
    featured: np,
    colour: np,
    background: np,
    position: np,
    created_at: np,
  },
  disclosures: {
    id: np,
    recipient: np,
    purpose: np,
    categories: np,
    fields: np,
    subject_pseudonym: 'pseudonym',
    status: np,
    disclosed_at: np,
  },

  // src/disclosures/authority-requests.*: the request's facts beside its disclosure-log row (which
  // names the subject by pseudonym); the form asks staff to name no one in the texts.
  authority_disclosures: {
    disclosure_id: np,
    authority: np,
    provision: np,
    request: np,
    staff_id: np,
    inform_subject: np,
    withheld_reason: np,
    recorded_at: np,
  },

  // src/breaches: the register names nobody (counts and organisational facts; the form asks
  // staff to name no one); each notice names its person by vault pseudonym only.
  breaches: {
    id: np,
    nature: np,
    description: np,
    occurred_at: np,
    discovered_at: np,
    recorded_at: np,
    categories: np,
    approx_people: np,
    approx_records: np,
    consequences: np,
    consequences_text: np,
    measures: np,
    measures_text: np,
    risk: np,
    assessment: np,
    delay_reason: np,
    authority_notified_at: np,
    authority_reference: np,
    people_notified: np,
    people_unreachable: np,
    recorded_by: np,
  },
  breach_notices: {
    breach_id: np,
    subject_pseudonym: 'pseudonym',
    status: np,
    lang: np,
    mail_id: np,
    at: np,
  },

  // src/audit: pseudonyms and sealed reasons only (docs/audit.md)
  audit_log: {
    position: np,
    prev_hash: np,
    hash: np,
    at: np,
    actor_kind: np,
    /** A staff or API-token id, a job name, or a customer's pseudonym. */
    actor_id: 'pseudonym',
    // A staff work account's id: staff accounts are not customers' data (see staff_accounts).
    actor_staff_id: np,
    action: np,
    subject: 'pseudonym',
    categories: np,
    access: np,
    outcome: np,
    reason_sealed: 'sealed',
    detail: np,
  },
  audit_head: { id: np, position: np, hash: np },
  audit_cuts: {
    seq: np,
    position: np,
    hash: np,
    at: np,
    rule: np,
    boundary: np,
    kept: np,
    kept_digest: np,
  },

  // src/rights
  dsr_requests: {
    id: np,
    type: np,
    status: np,
    channel: np,
    customer_id: 'pseudonym',
    email_index: 'index',
    email_sealed: 'sealed',
    received_at: np,
    due_at: np,
    extended_at: np,
    extension_reasons_sealed: 'sealed',
    refused_at: np,
    refusal_reasons_sealed: 'sealed',
    completed_at: np,
    deadline_from: np,
    confirm_by: np,
  },
  // `output` of the `running` step holds the account's email index while the request runs.
  dsr_request_steps: { request_id: np, step: np, output: 'index', recorded_at: np },
  dsr_exports: { request_id: np, sealed: 'sealed', created_at: np },
  // Links in mail: only the hash of a random secret (src/rights/privacy-center/request-links.ts).
  dsr_links: {
    token_hash: np,
    request_id: np,
    purpose: np,
    created_at: np,
    expires_at: np,
    uses_left: np,
    used_at: np,
    lang: np,
  },
  // A rectification's free text, sealed under `request:<id>` (src/rights/request-details.*).
  dsr_request_details: { request_id: np, kind: np, sealed: 'sealed', created_at: np },
  // Art. 21: what the person objected to is their choice; staff reasons are sealed.
  dsr_objections: {
    request_id: np,
    scope: personal('user.consent'),
    purposes: personal('user.consent'),
    decision: np,
    decided_at: np,
    reasons_sealed: 'sealed',
    answered_at: np,
  },
  // Art. 18: a restriction names the customer by id only.
  processing_restrictions: {
    id: np,
    customer_id: 'pseudonym',
    request_id: np,
    since: np,
    lift_notice_sent_at: np,
    lifted_at: np,
  },
  dsr_notifications: { request_id: np, recipient: np, outcome: np, detail: np, notified_at: np },
  // Art. 14 notices (src/rights/source-notices): who was told about data from which source, when.
  source_notices: {
    id: np,
    subject_key: 'pseudonym',
    customer_id: 'pseudonym',
    subject_id: 'pseudonym',
    email_index: 'index',
    source: np,
    lang: np,
    recipient_sealed: 'sealed',
    received_at: np,
    due_at: np,
    sent_at: np,
    lease_until: np,
    attempts: np,
    created_at: np,
  },
  shopify_webhooks: {
    webhook_id_hash: np,
    topic: np,
    request_id: np,
    staff_task_id: np,
    received_at: np,
  },
  staff_tasks: { id: np, kind: np, source: np, detail: np, created_at: np, done_at: np },

  // src/orders
  orders: {
    id: np,
    reference: np,
    subject_id: 'pseudonym',
    customer_id: 'pseudonym',
    email_index: 'index',
    lang: np,
    status: np,
    carrier: personal('user.delivery'),
    payment_method: personal('user.financial.payment'),
    goods_cents: np,
    delivery_fee_cents: np,
    total_cents: np,
    vat_cents: np,
    whatsapp_notices: personal('user.delivery'),
    contact_sealed: 'sealed',
    billing_sealed: 'sealed',
    identity_code_sealed: 'sealed',
    payment_reference: np,
    tracking_id: personal('user.delivery'),
    invoice_due_on: np,
    collection_case: personal('user.financial.credit'),
    accounting_until: np,
    created_at: np,
    paid_at: np,
    shipped_at: np,
    delivered_at: np,
    anonymised_at: np,
    vouchers_ended_at: np,
  },
  order_lines: {
    order_id: np,
    position: np,
    slug: personal('user.purchase_history'),
    name: np,
    size: personal('user.purchase_history'),
    quantity: personal('user.purchase_history'),
    unit_price_cents: np,
    line_total_cents: np,
  },
  credit_decisions: {
    id: np,
    subject_id: 'pseudonym',
    customer_id: 'pseudonym',
    email_index: 'index',
    order_id: np,
    product: personal('user.financial.credit'),
    outcome: personal('user.financial.credit'),
    reasons: personal('user.financial.credit'),
    logic_summary: np,
    approved_cents: personal('user.financial.credit'),
    plan: personal('user.financial.credit'),
    source: np,
    decided_at: np,
    received_at: np,
  },

  // src/reviews
  reviews: {
    id: np,
    product_slug: personal('user.review'),
    customer_id: 'pseudonym',
    rating: personal('user.review'),
    display_name_sealed: 'sealed',
    text_sealed: 'sealed',
    created_at: np,
  },

  // src/newsletter
  newsletter_subscriptions: {
    id: 'pseudonym',
    customer_id: 'pseudonym',
    email_index: 'index',
    account_index: 'index',
    email_sealed: 'sealed',
    phone_sealed: 'sealed',
    sms: personal('user.consent'),
    lang: np,
    consent_text: np,
    status: personal('user.consent'),
    created_at: np,
    confirmed_at: np,
    consent_record_id: np,
  },
  newsletter_tokens: { token_hash: np, subscription_id: 'pseudonym', expires_at: np, used_at: np },
  newsletter_suppressions: { email_index: 'index', suppressed_at: np },

  // src/campaigns: the campaign texts are the store's; a send row names a subscription.
  campaigns: {
    id: np,
    channel: np,
    subject_en: np,
    subject_fi: np,
    subject_sv: np,
    body_en: np,
    body_fi: np,
    body_sv: np,
    status: np,
    audience: np,
    created_at: np,
    started_at: np,
    finished_at: np,
  },
  campaign_sends: {
    campaign_id: np,
    subscription_id: 'pseudonym',
    customer_id: 'pseudonym',
    account_index: 'index',
    outcome: personal('user.consent'),
    lang: np,
    at: np,
  },

  // src/retention: a hold names a customer or an order by id; its reason is sealed.
  retention_runs: { id: np, trigger: np, as_of: np, started_at: np, finished_at: np, status: np },
  retention_run_sweeps: {
    run_id: np,
    sweep: np,
    rule: np,
    processed: np,
    held: np,
    errors: np,
    error: np,
    duration_ms: np,
  },
  retention_holds: {
    id: np,
    customer_id: 'pseudonym',
    order_id: np,
    reason_sealed: 'sealed',
    placed_by: np,
    placed_at: np,
    until: np,
    released_at: np,
  },
  retention_lease: { id: np, holder: np, until: np },
  // src/staff: the store's own work accounts, not customers. A username is a work handle (never a
  // customer's email); the TOTP secret is a credential sealed by the vault, recovery codes,
  // sessions and tokens are hashes of random secrets. No customer's data is reachable from here.
  staff_accounts: {
    id: np,
    username: np,
    password_hash: np,
    roles: np,
    totp_secret_sealed: np,
    totp_enrolled_at: np,
    totp_last_step: np,
    created_at: np,
    disabled_at: np,
  },
  staff_recovery_codes: { code_hash: np, staff_id: np, used_at: np },
  staff_sessions: {
    id_hash: np,
    staff_id: np,
    created_at: np,
    last_seen_at: np,
    mfa_at: np,
    reauth_at: np,
  },
  staff_api_tokens: {
    id: np,
    staff_id: np,
    token_hash: np,
    label: np,
    created_at: np,
    last_used_at: np,
    revoked_at: np,
  },
  // Rate-limit counters shared by the app processes (src/kit/web/rate-limit.ts, PostgreSQL only).
  // `key` is a keyed HMAC (the vault's rate-limit key) of a client address or of a blind index
  // with an address: nothing can be looked up by it without the app's key and the address, and a
  // row is deleted about an hour after its window ends (a day at most for sign-in failures), so
  // no request needs to export or erase it.
  rate_limits: { key: np, points: np, expire: np },
  // Indexes a bulk load has dropped until it builds them again (src/kit/db/suspended-indexes.ts):
  // catalog names and PostgreSQL's own definitions, no row data.
  suspended_indexes: {
    schema_name: np,
    index_name: np,
    table_name: np,
    definition: np,
    suspended_at: np,
  },
};

/** Tables the classification leaves out: the migrator's bookkeeping. */
export const unclassifiedTables: ReadonlySet<string> = new Set([
  'kysely_migration',
  'kysely_migration_lock',
]);

/** Schemas left out: pg-boss's queue (job payloads carry ids only). */
export const unclassifiedSchemas: ReadonlySet<string> = new Set([
  'pgboss',
  'pg_catalog',
  'information_schema',
]);

/** True when the column holds, or leads to, personal data. */
export function isPersonal(c: ColumnClass): boolean {
  return c !== 'not_personal';
}
