/**
 * The consent ledger's service: record a choice (through the group-commit writer), prove the
 * history of a visitor or customer, answer `allows()` and `needsRenewal()` from a cache of the
 * latest decisions, and count choices per day for staff.
 *
 * @example
 *   const { recordId } = await consent.record({ subject: { visitorId }, decisions: { analytics: true },
 *     policyVersion: 3, textHash, signals: { gpc: false, dnt: false }, explicit: true,
 *     source: 'banner', lang: 'fi' });
 *   await consent.allows({ visitorId }, 'analytics'); // true
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../kit/db/database.ts';
import { noInvalidations, type CacheInvalidations } from '../kit/db/invalidations.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { ValidationError } from '../kit/errors.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { languages, type Lang } from '../kit/web/i18n.ts';
import {
  choosableCategories,
  consentChannels,
  isNewer,
  type ConsentChoice,
  type ConsentSubject,
  type LatestDecisions,
} from './consent.ts';
import {
  buildConsentConfig,
  firstViewConfig,
  hashText,
  serialiseShownText,
  shownText,
  type ConsentConfig,
  type FirstViewConfig,
} from './consent-config.ts';
import { ConsentGate, type ProcessingBlock, type Verdict } from './consent-gate.ts';
import * as repo from './consent.repository.ts';
import { DecisionCache } from './decision-cache.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { buildProof, type ConsentProof } from './consent-proof.ts';

export interface ConsentServiceDeps {
  database: Database;
  /** The manifest in force; a function so a reload or a newly published version is seen at once. */
  manifest: () => Manifest;
  blocks?: ProcessingBlock[];
  now?: () => Date;
  /**
   * The TTL is the fallback; other app processes on the same PostgreSQL are told of each change
   * at once (src/kit/db/invalidations.ts).
   */
  cacheTtlMs?: number;
  invalidations?: CacheInvalidations;
}

export interface RecordedChoice {
  recordId: string;
  visitorId: string | null;
  decidedAt: Date;
  renewAt: Date;
}

export interface ConsentStatistics {
  from: string;
  to: string;
  days: {
    day: string;
    choices: Record<string, { granted: number; refused: number; signalled: number }>;
  }[];
}

/** Batches the ledger commits at once: PGlite has one connection. */
export function ledgerConcurrency(kind: Database['kind']): number {
  return kind === 'postgres' ? 4 : 1;
}

const validKeys = new Set<string>([...choosableCategories, ...consentChannels]);
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export class ConsentService {
  readonly #db: Database['db'];
  readonly #manifest: () => Manifest;
  readonly #now: () => Date;
  readonly #cache: DecisionCache<LatestDecisions>;
  readonly #invalidations: CacheInvalidations;
  readonly #writer: LedgerWriter<repo.RecordRow>;
  readonly #configs = new WeakMap<Manifest, Map<Lang, ConsentConfig>>();
  readonly #firstViews = new WeakMap<ConsentConfig, FirstViewConfig>();
  readonly #textsStored = new WeakMap<Manifest, Promise<void>>();
  /** Banner texts known to be stored: hash → policy version. */
  readonly #knownTexts = new Map<string, number>();
  #significant: { value: number | undefined; at: number } | undefined;
  readonly gate: ConsentGate;

  constructor(deps: ConsentServiceDeps) {
    this.#db = deps.database.db;
    this.#manifest = deps.manifest;
    this.#now = deps.now ?? (() => new Date());
    this.#cache = new DecisionCache(deps.cacheTtlMs);
    this.#invalidations = deps.invalidations ?? noInvalidations;
    // Another process recorded a choice or published a policy version.
    this.#invalidations.on('consent', (key) => {
      if (key === '*') this.#significant = undefined;
      else this.#cache.invalidate(key);
    });
    // One multi-row INSERT is atomic on its own; customer links make it two statements, which
    // then need a transaction so a record never commits without its link.
    this.#writer = new LedgerWriter(
      (rows) =>
        rows.some((r) => r.customerId)
          ? this.#db.transaction().execute((trx) => repo.insertRecords(trx, rows))
          : repo.insertRecords(this.#db, rows),
      { concurrency: ledgerConcurrency(deps.database.kind) },
    );
    this.gate = new ConsentGate({
      manifest: deps.manifest,
      latest: (subject) => this.latest(subject),
      significantVersion: () => this.#significantVersion(),
      blocks: deps.blocks ?? [],
      now: this.#now,
    });
  }

  /** The manifest in force (throws a 503-mapped error when none is loaded). */
  manifest(): Manifest {
    return this.#manifest();
  }

  /** The banner configuration for a language (memoised per manifest). */
  config(lang: Lang): ConsentConfig {
    const manifest = this.#manifest();
    let byLang = this.#configs.get(manifest);
    if (!byLang) this.#configs.set(manifest, (byLang = new Map<Lang, ConsentConfig>()));
    let config = byLang.get(lang);
    if (!config) byLang.set(lang, (config = buildConsentConfig(manifest, lang)));
    return config;
  }

  /** What pages embed for the banner's first layer (memoised with the configuration). */
  firstView(lang: Lang): FirstViewConfig {
    const config = this.config(lang);
    let view = this.#firstViews.get(config);
    if (!view) this.#firstViews.set(config, (view = firstViewConfig(config)));
    return view;
  }

  /** Stores the texts of the manifest in force, in every language, so records can cite them. */
  ensureTexts(): Promise<void> {
    const manifest = this.#manifest();
    let stored = this.#textsStored.get(manifest);
    if (!stored) {
      const texts = languages.map((lang) => {
        const content = serialiseShownText(shownText(manifest, lang));
        return { hash: hashText(content), lang, policyVersion: manifest.policy.version, content };
      });
      stored = repo.insertTexts(this.#db, texts).then(() => {
        for (const t of texts) this.#knownTexts.set(t.hash, t.policyVersion);
      });
      stored.catch(() => this.#textsStored.delete(manifest));
      this.#textsStored.set(manifest, stored);
    }
    return stored;
  }

  /** Appends one choice; resolves once it is committed. */
  async record(choice: ConsentChoice): Promise<RecordedChoice> {
    this.#validate(choice);
    if (choice.textHash !== null) await this.#checkText(choice.textHash, choice.policyVersion);
    const row = this.#row(choice);
    await this.#writer.append(row);
    this.#invalidate(choice.subject);
    return this.#recorded(row);
  }

  /**
   * Appends one choice through the caller's transaction, for the rights engine's hooks (an
   * objection to direct marketing refuses it in this ledger): on PGlite the batching writer's
   * own connection would wait for that transaction for ever. No banner text: `textHash` is null.
   * Call {@link refresh} once the transaction has committed.
   */
  async recordIn(
    db: Kysely<DB> | Transaction<DB>,
    choice: ConsentChoice & { textHash: null },
  ): Promise<RecordedChoice> {
    this.#validate(choice);
    const row = this.#row(choice);
    await repo.insertRecords(db, [row]);
    this.#invalidate(choice.subject);
    return this.#recorded(row);
  }

  /** Forgets the subject's cached decisions (after a {@link recordIn} transaction committed). */
  refresh(subject: ConsentSubject): void {
    this.#invalidate(subject);
  }

  #validate(choice: ConsentChoice): void {
    const { subject } = choice;
    if (!subject.visitorId && !subject.customerId) {
      throw new ValidationError('A consent record needs a visitor or a customer.');
    }
    const keys = Object.keys(choice.decisions);
    if (keys.length === 0)
      throw new ValidationError('A consent record needs at least one decision.');
    const unknown = keys.filter((k) => !validKeys.has(k));
    if (unknown.length > 0) {
      throw new ValidationError(`Unknown consent categories: ${unknown.join(', ')}.`);
    }
    if (!choice.explicit && Object.values(choice.decisions).some(Boolean)) {
      // GPC, DNT or any default may only ever refuse: consent needs the person's own act.
      throw new ValidationError('Consent can only be granted by an explicit choice.', {
        explicit: 'must be true when any category is accepted',
      });
    }
  }

  #row(choice: ConsentChoice): repo.RecordRow {
    const { subject } = choice;
    const decidedAt = this.#now();
    return {
      id: randomUUID(),
      visitorId: subject.visitorId ?? null,
      customerId: subject.customerId ?? null,
      decidedAt,
      policyVersion: choice.policyVersion,
      textHash: choice.textHash,
      decisions: choice.decisions,
      gpc: choice.signals.gpc,
      dnt: choice.signals.dnt,
      explicit: choice.explicit,
      source: choice.source,
      lang: choice.lang,
    };
  }

  #recorded(row: repo.RecordRow): RecordedChoice {
    return {
      recordId: row.id,
      visitorId: row.visitorId,
      decidedAt: row.decidedAt,
      renewAt: this.gate.renewAt(row.decidedAt),
    };
  }

  allows(subject: ConsentSubject, purpose: string): Promise<boolean> {
    return this.gate.allows(subject, purpose);
  }

  explain(subject: ConsentSubject, purpose: string): Promise<Verdict> {
    return this.gate.explain(subject, purpose);
  }

  needsRenewal(subject: ConsentSubject): Promise<boolean> {
    return this.gate.needsRenewal(subject);
  }

  /** The newest decision per key, merged over the visitor and the customer (newest wins). */
  async latest(subject: ConsentSubject): Promise<LatestDecisions> {
    const parts = await Promise.all([
      subject.visitorId ? this.#latestBy({ visitorId: subject.visitorId }) : undefined,
      subject.customerId ? this.#latestBy({ customerId: subject.customerId }) : undefined,
    ]);
    const merged: LatestDecisions = {};
    for (const part of parts) {
      for (const [key, d] of Object.entries(part ?? {})) {
        const current = merged[key];
        if (d && (!current || isNewer(d, current))) merged[key] = d;
      }
    }
    return merged;
  }

  /** The whole history of a visitor and/or customer, with each banner text as shown. */
  /**
   * The proof of a person's own choices: the signed-in customer's records, and this browser's
   * records made while nobody was signed in. Another customer's records from the same browser
   * (a shared computer) are never shown, signed out or signed in as someone else.
   */
  async proof(subject: ConsentSubject): Promise<ConsentProof> {
    const rows = await repo.history(this.#db, subject, { ownOnly: true });
    return buildProof(subject, rows, this.#now(), (d) => this.gate.renewAt(d));
  }

  /**
   * Choices per category (and channel) per UTC day, `from` and `to` inclusive (YYYY-MM-DD).
   * Without them, the last 30 days: `to` is today (UTC), `from` 29 days before `to`.
   */
  async statistics(
    from: string | undefined = undefined,
    to: string | undefined = undefined,
  ): Promise<ConsentStatistics> {
    to ??= this.#now().toISOString().slice(0, 10);
    if (from === undefined && isoDay.test(to) && !Number.isNaN(Date.parse(to))) {
      from = new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    }
    from ??= '';
    if (!isoDay.test(from) || Number.isNaN(Date.parse(from))) {
      throw new ValidationError('from must be a date like 2026-01-31.', { from: 'YYYY-MM-DD' });
    }
    if (!isoDay.test(to) || Number.isNaN(Date.parse(to))) {
      throw new ValidationError('to must be a date like 2026-01-31.', { to: 'YYYY-MM-DD' });
    }
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (span < 0 || span > 366) {
      throw new ValidationError('The period must run forwards and span at most 366 days.');
    }
    const rows = await repo.statistics(this.#db, from, to);
    const days = new Map<string, ConsentStatistics['days'][number]>();
    for (const r of rows) {
      let day = days.get(r.day);
      if (!day) days.set(r.day, (day = { day: r.day, choices: {} }));
      day.choices[r.key] = { granted: r.granted, refused: r.refused, signalled: r.signalled };
    }
    return { from, to, days: [...days.values()] };
  }

  /** Erasure: the customer's link to their records goes; the pseudonymous records stay. */
  async unlinkCustomer(customerId: string): Promise<number> {
    const n = await repo.unlinkCustomer(this.#db, customerId);
    this.#forget(`c:${customerId}`);
    return n;
  }

  /** Which of these record ids are committed (crash tests and audits). */
  existingRecordIds(ids: string[]): Promise<Set<string>> {
    return repo.existingRecordIds(this.#db, ids);
  }

  /** How the group-commit writer has batched so far. */
  get writerStats() {
    return { ...this.#writer.stats };
  }

  /** Waits for queued writes; call before closing the database. */
  async flush(): Promise<void> {
    await this.#writer.idle();
  }

  async #checkText(hash: string, policyVersion: number): Promise<void> {
    await this.ensureTexts();
    let version = this.#knownTexts.get(hash);
    if (version === undefined) {
      const text = await repo.findText(this.#db, hash);
      if (!text) {
        throw new ValidationError('textHash does not name a banner text this service has shown.', {
          textHash: 'unknown banner text',
        });
      }
      version = text.policyVersion;
      this.#knownTexts.set(hash, version);
    }
    if (version !== policyVersion) {
      throw new ValidationError(
        `policyVersion ${policyVersion} does not match the banner text (version ${version}).`,
        { policyVersion: 'does not match the banner text' },
      );
    }
  }

  /**
   * Reads the latest decisions of many subjects in two statements into the cache, so `allows()`
   * for each of them right after costs no query: bulk work such as a campaign batch. The answers
   * are the same `allows()` would load one by one.
   */
  async prefetch(subjects: ConsentSubject[]): Promise<void> {
    const visitorIds = [...new Set(subjects.flatMap((s) => (s.visitorId ? [s.visitorId] : [])))];
    const customerIds = [...new Set(subjects.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
    const byOwner = (
      rows: (repo.LatestRow & { owner: string })[],
      ids: string[],
      prefix: string,
    ) => {
      const map = new Map<string, LatestDecisions>(ids.map((id) => [`${prefix}${id}`, {}]));
      for (const r of rows) map.get(`${prefix}${r.owner}`)![r.key] = toLatest(r);
      return map;
    };
    await Promise.all([
      this.#cache.loadMany(
        visitorIds.map((id) => `v:${id}`),
        async () =>
          byOwner(await repo.latestDecisionsOfMany(this.#db, { visitorIds }), visitorIds, 'v:'),
      ),
      this.#cache.loadMany(
        customerIds.map((id) => `c:${id}`),
        async () =>
          byOwner(await repo.latestDecisionsOfMany(this.#db, { customerIds }), customerIds, 'c:'),
      ),
    ]);
  }

  #latestBy(by: { visitorId: string } | { customerId: string }): Promise<LatestDecisions> {
    const key = 'visitorId' in by ? `v:${by.visitorId}` : `c:${by.customerId}`;
    return this.#cache.get(key, async () => {
      const rows = await repo.latestDecisions(this.#db, by);
      const out: LatestDecisions = {};
      for (const r of rows) out[r.key] = toLatest(r);
      return out;
    });
  }

  #invalidate(subject: ConsentSubject): void {
    if (subject.visitorId) this.#forget(`v:${subject.visitorId}`);
    if (subject.customerId) this.#forget(`c:${subject.customerId}`);
  }

  /** Here at once; in the other processes as soon as they hear of it. */
  #forget(key: string): void {
    this.#cache.invalidate(key);
    this.#invalidations.broadcast('consent', key);
  }

  /** Call after publishing a policy version, so a significant one asks everyone again at once. */
  policyVersionsChanged(): void {
    this.#significant = undefined;
    this.#invalidations.broadcast('consent', '*');
  }

  async #significantVersion(): Promise<number | undefined> {
    const now = Date.now();
    if (this.#significant && now - this.#significant.at < 10_000) return this.#significant.value;
    const value = await repo.latestSignificantPolicyVersion(this.#db);
    this.#significant = { value, at: now };
    return value;
  }
}

function toLatest(r: repo.LatestRow): NonNullable<LatestDecisions[string]> {
  return {
    granted: r.granted,
    seq: r.seq,
    recordId: r.id,
    decidedAt: r.decidedAt,
    policyVersion: r.policyVersion,
    explicit: r.explicit,
    gpc: r.gpc,
    dnt: r.dnt,
  };
}
