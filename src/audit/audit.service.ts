/**
 * The audit trail (src/core/audit-trail.ts), implemented: entries appended to one hash chain in
 * the database, the chain's head checkpointed to a file outside it, and the whole verified on
 * demand (audit-verify.ts). docs/audit.md explains the design and its limits.
 *
 * An append takes the head row FOR UPDATE, computes the entry's hash from the head's, inserts the
 * entry and moves the head, all in one transaction: the caller's, when it passes one (the entry
 * then commits or rolls back with the action it records, and the head stays locked until the
 * caller commits: record last in a transaction to keep that short), or its own.
 *
 * No personal data in clear: the subject is a vault pseudonym, staff are account ids, and a typed
 * reason is sealed in the vault (under the subject's profile key when the pseudonym leads to
 * one, so erasing the person erases the reason too; otherwise under the trail's own key).
 *
 * @example
 *   const audit = new AuditService({ db, vault, checkpoints: fileCheckpoints(config.auditCheckpoints) });
 *   await audit.record({ actor: { kind: 'system', id: 'disclosure-gate' }, action: 'disclosure.sent', subject }, trx);
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditEvent, AuditTrail } from '../core/audit-trail.ts';
import type { DB } from '../kit/db/schema.ts';
import { ValidationError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import { ERASED, type Opened, type Vault } from '../kit/vault/vault.ts';
import { entryHash, keptDigest } from './audit-entry.ts';
import { memoryCheckpoints, type Checkpoint, type CheckpointStore } from './audit-checkpoints.ts';
import { verifyChain, type VerifyResult } from './audit-verify.ts';
import * as repo from './audit.repository.ts';
import type { ChainHead, DueCutBasis, EntryFilter, StoredEntry } from './audit.repository.ts';

/** The vault subject whose key seals reasons that concern no linked person. */
export const AUDIT_VAULT_SUBJECT = 'audit-trail';
const REASON_FIELD = 'audit_reason';

export type AuditVault = Pick<Vault, 'seal' | 'open' | 'subjectOfPseudonym'>;

export interface AuditServiceOptions {
  db: Kysely<DB>;
  /** Seals typed reasons; without it an event with a reason is refused (never stored in clear). */
  vault?: AuditVault | undefined;
  checkpoints?: CheckpointStore | undefined;
  now?: () => Date;
  log?: Logger | undefined;
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** Pseudonyms, uuids and job names: opaque tokens, never an address or a name with spaces. */
const TOKEN = /^[A-Za-z0-9_.:-]{1,128}$/;
const CATEGORY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export class AuditService implements AuditTrail {
  readonly #db: Kysely<DB>;
  readonly #vault: AuditVault | undefined;
  readonly #now: () => Date;
  readonly checkpoints: CheckpointStore;
  /** The last entry a run in this process found sound: where the next partial run starts. */
  #verified: { position: number; hash: string } | undefined;

  constructor(options: AuditServiceOptions) {
    this.#db = options.db;
    this.#vault = options.vault;
    this.#now = options.now ?? (() => new Date());
    this.checkpoints = options.checkpoints ?? memoryCheckpoints();
  }

  async record(event: AuditEvent, db?: Kysely<DB> | Transaction<DB>): Promise<void> {
    await this.recordMany([event], db);
  }

  /** Appends several entries under one lock of the head (imports, benchmarks). */
  async recordMany(
    events: readonly AuditEvent[],
    db?: Kysely<DB> | Transaction<DB>,
  ): Promise<void> {
    for (const e of events) validate(e);
    const executor = db ?? this.#db;
    if (executor.isTransaction) return this.#append(executor as Transaction<DB>, events);
    return executor.transaction().execute((trx) => this.#append(trx, events));
  }

  async #append(trx: Transaction<DB>, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Seal before taking the head, so the lock is held only for the insert.
    const reasons = await Promise.all(events.map((e) => this.#sealReason(trx, e)));
    const at = this.#now().toISOString();
    const head = await repo.lockHead(trx);
    let { position, hash } = head;
    const entries: StoredEntry[] = events.map((e, i) => {
      position += 1;
      const entry = {
        position,
        prevHash: hash,
        at,
        actorKind: e.actor.kind,
        actorId: e.actor.id,
        actorStaffId: e.actor.kind === 'api-token' ? e.actor.staffId : null,
        action: e.action,
        subject: e.subject ?? null,
        categories: [...(e.categories ?? [])],
        access: e.access ?? null,
        outcome: e.outcome ?? null,
        reasonSealed: reasons[i] ?? null,
        detail: e.detail ? { ...e.detail } : null,
      };
      hash = entryHash(entry);
      return { ...entry, hash };
    });
    await repo.appendEntries(trx, entries);
  }

  async #sealReason(trx: Transaction<DB>, e: AuditEvent): Promise<string | null> {
    if (e.reason === undefined) return null;
    if (!this.#vault) throw new Error('the audit trail has no vault to seal a reason with');
    const person = e.subject ? await this.#vault.subjectOfPseudonym(trx, e.subject) : undefined;
    const sealed = await this.#vault.seal(
      trx,
      person ?? AUDIT_VAULT_SUBJECT,
      'profile',
      e.reason,
      REASON_FIELD,
    );
    // The prefix says whose key sealed it, so it can be opened without guessing.
    return `${person ? 's' : 'a'}:${sealed}`;
  }

  /** The reason typed for an entry, or ERASED once the person's key (or link) is gone. */
  async openReason(
    entry: Pick<StoredEntry, 'subject' | 'reasonSealed'>,
    db: Kysely<DB> | Transaction<DB> = this.#db,
  ): Promise<Opened | null> {
    if (entry.reasonSealed === null) return null;
    if (!this.#vault) throw new Error('the audit trail has no vault to open a reason with');
    const sealed = entry.reasonSealed.slice(2);
    if (entry.reasonSealed.startsWith('a:')) {
      return this.#vault.open(db, AUDIT_VAULT_SUBJECT, 'profile', sealed, REASON_FIELD);
    }
    const person = entry.subject
      ? await this.#vault.subjectOfPseudonym(db, entry.subject)
      : undefined;
    return person ? this.#vault.open(db, person, 'profile', sealed, REASON_FIELD) : ERASED;
  }

  /** Newest first, for the console's audit page. */
  async list(filter: Partial<EntryFilter> = {}): Promise<StoredEntry[]> {
    return repo.findEntries(this.#db, { ...filter, limit: Math.min(filter.limit ?? 100, 1000) });
  }

  async head(): Promise<{ position: number; hash: string }> {
    return repo.readHead(this.#db);
  }

  /**
   * Writes the committed head to the checkpoint file if it moved since the last checkpoint.
   * Returns the checkpoint written, or undefined when there was nothing new.
   */
  async checkpoint(): Promise<Checkpoint | undefined> {
    const head = await repo.readHead(this.#db);
    if (head.position === 0) return undefined;
    const last = (await this.checkpoints.read()).at(-1);
    if (last && last.position === head.position && last.hash === head.hash) return undefined;
    const checkpoint = { position: head.position, hash: head.hash, at: this.#now().toISOString() };
    await this.checkpoints.append(checkpoint);
    return checkpoint;
  }

  /**
   * Checkpoints every `intervalMs` (the running service), and once more when stopped. Returns the
   * stop function. A failed checkpoint is logged and retried at the next tick.
   */
  startCheckpoints(intervalMs: number, log?: Logger): () => Promise<void> {
    const tick = () =>
      this.checkpoint().catch((err: unknown) =>
        log?.error(
          { errType: err instanceof Error ? err.name : typeof err },
          'audit checkpoint failed',
        ),
      );
    const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : undefined;
    timer?.unref();
    return async () => {
      if (timer) clearInterval(timer);
      await tick();
    };
  }

  async verify(options: { batch?: number } = {}): Promise<VerifyResult> {
    const result = await verifyChain(this.#db, {
      checkpoints: this.checkpoints,
      batch: options.batch,
    });
    if (result.ok && result.head.position > 0) this.#verified = result.head;
    return result;
  }

  /**
   * The console's view of the chain, cheap enough for every page view: starts after the last
   * entry this process verified, or the latest checkpoint if that is further on, re-checks that
   * entry's hash, and verifies only what came after it. An edit further back is for the full
   * run (`custodian audit verify`, {@link verify}) to find.
   */
  async verifyRecent(): Promise<VerifyResult & { from: number }> {
    const head = await repo.readHead(this.#db);
    const latest = (await this.checkpoints.read())
      .filter((c) => c.position <= head.position)
      .reduce<Checkpoint | undefined>((m, c) => (m && m.position >= c.position ? m : c), undefined);
    const known = this.#verified;
    // Even when the head is now behind it: that entry must still be there (else: truncated).
    const from = known && known.position >= (latest?.position ?? 0) ? known : latest;
    const result = await verifyChain(this.#db, { checkpoints: this.checkpoints, from });
    if (result.ok && result.head.position > 0) this.#verified = result.head;
    // A start the cut has passed was not used: the run began at the cut.
    return { ...result, from: Math.max(from?.position ?? 0, result.cut?.position ?? 0) };
  }

  /**
   * Before a retention run cuts the entries up to `through` (its frontier's last entry): the
   * chain from the latest cut to the first checkpoint at or past `through` must verify (every
   * hash, every link, every checkpoint on the way, and that one's hash): the entries to go are
   * then the ones anchored outside the database, and pruning never deletes the evidence of
   * tampering. Only that stretch is read; what follows it stays, and is for the full run
   * (`custodian audit verify`, and the retention run's housekeeping) to check. With no checkpoint
   * that far yet, the chain is verified to the head and the head checkpointed, so the cuts that
   * follow come after a checkpoint covering what they remove (a cut without one is `forged_cut`).
   * Returns the entry verified up to (the anchor); throws when the chain is broken.
   */
  async verifyForCut(db: Kysely<DB> | Transaction<DB>, through: number): Promise<ChainHead> {
    // The cut before the checkpoints (its line is written before its row commits); both are
    // handed to the verification, which would otherwise read them again (the file whole).
    const cut = await repo.latestCut(db);
    const need = Math.max(through, cut?.position ?? 0);
    const checkpoints = await this.checkpoints.read();
    // A cut's own line is no anchor (it is what a checkpoint must precede); the lowest one past
    // `need` is the least to read.
    const anchor = checkpoints
      .filter((c) => !c.cut && c.position >= need)
      .reduce<Checkpoint | undefined>((m, c) => (m && m.position <= c.position ? m : c), undefined);
    const result = await verifyChain(db, {
      checkpoints: this.checkpoints,
      to: anchor?.position,
      read: { cut, checkpoints },
    });
    if (!result.ok) {
      const err = new Error(`audit chain broken at entry ${result.fault?.position}`);
      err.name = 'AuditChainBroken';
      throw err;
    }
    if (anchor) return { position: anchor.position, hash: anchor.hash };
    const head = result.head;
    const last = checkpoints.at(-1);
    if (head.position > 0 && !(last && !last.cut && last.position === head.position))
      await this.checkpoints.append({ ...head, at: this.#now().toISOString() });
    return head;
  }

  /**
   * Deletes the entries at `positions` (due, not held, all within `verified`) under a cut: the
   * last position covered, its hash, and the digest of the entries up to it that stay (held). The
   * cut goes to the checkpoint file first, then its row and the deletion, in the caller's
   * transaction (the row must precede the deletion: the trigger allows only covered ones).
   */
  async cut(
    trx: Kysely<DB> | Transaction<DB>,
    positions: readonly number[],
    c: { rule: string; boundary: Date; at: Date; verified: ChainHead },
  ): Promise<number> {
    if (positions.length === 0) return 0;
    return this.cutOn(trx, positions, await repo.cutBasis(trx, Math.max(...positions)), c);
  }

  /**
   * {@link cut}, on what the caller read in the same transaction: the latest cut and the
   * position and hash of every entry still stored up to the last of `positions` (or the cut).
   */
  async cutOn(
    trx: Kysely<DB> | Transaction<DB>,
    positions: readonly number[],
    basis: Pick<DueCutBasis, 'prev' | 'stored'>,
    c: { rule: string; boundary: Date; at: Date; verified: ChainHead },
  ): Promise<number> {
    if (positions.length === 0) return 0;
    const { prev, stored } = basis;
    const through = Math.max(prev?.position ?? 0, ...positions);
    if (through > c.verified.position) throw new Error('an audit cut past the verified head');
    const gone = new Set(positions);
    const kept = stored.filter((e) => !gone.has(e.position));
    const hash = stored.find((e) => e.position === through)?.hash ?? prev?.hash;
    if (!hash) throw new Error('an audit cut with no entry to resume from');
    const mark = {
      rule: c.rule,
      boundary: c.boundary.toISOString(),
      kept: kept.length,
      keptDigest: keptDigest(kept),
    };
    const at = c.at.toISOString();
    await this.checkpoints.append({ position: through, hash, at, cut: mark });
    await repo.insertCut(trx, { position: through, hash, at, ...mark });
    return repo.deleteEntries(trx, positions);
  }
}

function validate(e: AuditEvent): void {
  const bad = (what: string) => {
    throw new ValidationError(`Audit event refused: ${what}.`);
  };
  if (!ACTION.test(e.action)) bad('the action must be a dotted verb like "customer.view"');
  if (!TOKEN.test(e.actor.id)) bad('the actor must be named by an id, not by personal data');
  if (e.actor.kind === 'api-token' && !TOKEN.test(e.actor.staffId))
    bad('the token holder must be a staff id');
  if (e.subject !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(e.subject)) {
    bad('the subject must be a pseudonym');
  }
  for (const c of e.categories ?? [])
    if (!CATEGORY.test(c)) bad('a category is not a dotted data category');
  if (e.reason !== undefined && e.reason.trim() === '') bad('an empty reason');
  for (const [k, v] of Object.entries(e.detail ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k)) bad('a detail key is malformed');
    if (typeof v === 'number' && !Number.isFinite(v)) bad(`detail ${k} is not a finite number`);
    // A detail holds ids, roles and counts: an address or free text belongs in no entry.
    if (typeof v === 'string' && (v.length > 200 || v.includes('@')))
      bad(`detail ${k} looks like free text`);
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) bad(`detail ${k}`);
  }
}
