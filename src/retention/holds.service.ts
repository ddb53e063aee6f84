/**
 * Legal holds: staff keep a customer's or an order's data from every sweep, with a reason (sealed:
 * it may name people) and an end date; a hold past its end holds nothing. Placing and releasing
 * a hold is audited when an audit trail is given (src/core/audit-trail.ts).
 *
 * An erasure the customer asked for keeps what a hold covers (GDPR Art. 17(3)(e)) and waits
 * for it, fulfilled in part (src/rights/engine/held-erasures.ts): the list names the erasures
 * waiting on each hold, and releasing a hold completes those it was the last hold of (the daily
 * retention run does it for holds that simply expire, and for a release cut short by a crash).
 * Placing a hold or extending one tells each waiting person whose data is now kept past the date
 * she was told the new date (`WaitingErasures.announce`).
 *
 * The end date is in the future and at most the manifest's longest retention period away (the
 * longest any record is kept; a hold meant to last longer is extended when that comes). A hold
 * released or ended is not extended or released again (409): a new one is placed instead.
 *
 * @example
 *   await holds.place({ customerId, reason: 'Chargeback dispute 2031-17', until, placedBy: 'cli' });
 *   await holds.extend(id, later, 'cli');
 */
import { randomUUID } from 'node:crypto';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import { addDuration, durationSeconds, parseDuration } from '../core/manifest/duration.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { Database } from '../kit/db/database.ts';
import { DomainError, NotFoundError, ValidationError } from '../kit/errors.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import * as repo from './retention.repository.ts';

export interface HoldInput {
  customerId?: string | undefined;
  orderId?: string | undefined;
  reason: string;
  until: Date;
  /** Who placed it: a staff id, `cli` (the command line) or `api` (the bootstrap API token). */
  placedBy: string;
}

export interface HoldView {
  id: string;
  target: { kind: 'customer' | 'order'; id: string };
  placedBy: string;
  placedAt: Date;
  until: Date;
  releasedAt: Date | null;
  active: boolean;
  /** Erasure requests fulfilled in part that wait for this hold to end (their ids). */
  erasuresWaiting: string[];
}

/** The erasures that legal holds keep waiting (the rights engine's, wired in by the app). */
export interface WaitingErasures {
  /** Hold id → the ids of erasure requests waiting on it. */
  waitingOn(): Promise<Map<string, string[]>>;
  /** Completes every waiting erasure none of whose data is held any more. */
  complete(): Promise<number>;
  /** Tells each waiting person whose data is now held past the date she was told the new one. */
  announce(): Promise<number>;
  /** Request id → the latest end date its person was told, and when (the staff's hold list). */
  lastTold?(): Promise<Map<string, { until: string; at: Date }>>;
}

const DAY = 86_400_000;

/**
 * The latest end a hold placed now may have: the manifest's longest finite retention period from
 * now, through its last day; undefined without a manifest (or with no finite period).
 */
export function latestHoldEnd(manifest: Manifest, now: Date): Date | undefined {
  let longest: ReturnType<typeof parseDuration> | undefined;
  for (const rule of Object.values(manifest.retention)) {
    const d = rule.period === 'indefinite' ? undefined : parseDuration(rule.period);
    if (!d || d === 'session') continue;
    if (!longest || longest === 'session' || durationSeconds(d) > durationSeconds(longest))
      longest = d;
  }
  if (!longest || longest === 'session') return undefined;
  return new Date(addDuration(now, longest).getTime() + DAY);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who the audit log names for a hold's change: the staff member (the console, or the staff API
 * with her personal token, whose own `api.call` entry names the token), or, for the command line
 * and the bootstrap token, which name nobody, the retention module on their behalf.
 */
function holdActor(by: string): AuditActor {
  return UUID.test(by) ? { kind: 'staff', id: by } : { kind: 'system', id: `retention:${by}` };
}

export class HoldService {
  readonly #now: () => Date;

  constructor(
    private readonly deps: {
      database: Database;
      vault: Vault;
      audit?: AuditTrail | undefined;
      erasures?: WaitingErasures | undefined;
      /** Bounds the end date (the longest retention period); none: only "in the future". */
      manifest?: (() => Manifest) | undefined;
      now?: () => Date;
    },
  ) {
    this.#now = deps.now ?? (() => new Date());
  }

  async place(input: HoldInput): Promise<HoldView> {
    const now = this.#now();
    const target = input.customerId ?? input.orderId;
    if (!input.customerId === !input.orderId || !target)
      throw new ValidationError('A hold names either a customer or an order.');
    if (!UUID.test(target)) throw new ValidationError('A customer or order is named by its uuid.');
    const reason = input.reason.trim();
    if (reason.length < 3 || reason.length > 2000)
      throw new ValidationError('The reason must be 3 to 2000 characters.', {
        reason: '3 to 2000 characters',
      });
    this.#checkUntil(input.until, now);
    const id = randomUUID();
    await this.deps.database.db.transaction().execute(async (trx) => {
      await repo.insertHold(trx, {
        id,
        customer_id: input.customerId ?? null,
        order_id: input.orderId ?? null,
        reason_sealed: await this.deps.vault.seal(
          trx,
          `hold:${id}`,
          'profile',
          reason,
          'hold_reason',
        ),
        placed_by: input.placedBy,
        placed_at: now,
        until: input.until,
      });
      await this.deps.audit?.record(
        {
          actor: holdActor(input.placedBy),
          action: 'retention.hold',
          subject: input.customerId
            ? await this.deps.vault.pseudonym(trx, input.customerId)
            : undefined,
          reason,
          outcome: 'ok',
          detail: {
            hold: id,
            ...(input.orderId ? { order: input.orderId } : {}),
            until: input.until.toISOString(),
          },
        },
        trx,
      );
    });
    const view = this.#view(
      {
        id,
        customer_id: input.customerId ?? null,
        order_id: input.orderId ?? null,
        placed_by: input.placedBy,
        placed_at: now,
        until: input.until,
        released_at: null,
      },
      new Map(),
    );
    if (!this.deps.erasures) return view;
    // Art. 12(3), 17(3)(e): a person already told "kept until …" learns a later date.
    await this.deps.erasures.announce();
    return (await this.list({ all: true })).find((h) => h.id === id) ?? view;
  }

  /**
   * Moves a hold in force to a later end date (a dispute that goes on). A released or ended hold
   * is not extended (409: place a new one); an earlier or equal date is refused (400).
   */
  async extend(id: string, until: Date, extendedBy: string): Promise<HoldView> {
    if (!UUID.test(id)) throw new NotFoundError('The hold');
    const now = this.#now();
    this.#checkUntil(until, now);
    await this.deps.database.db.transaction().execute(async (trx) => {
      const row = await repo.lockHold(trx, id);
      if (!row) throw new NotFoundError('The hold');
      if (row.released_at)
        throw new DomainError('conflict', 'This hold was released: place a new hold instead.', {
          hold: 'released',
        });
      const from = new Date(row.until);
      if (from <= now)
        throw new DomainError('conflict', 'This hold has ended: place a new hold instead.', {
          hold: 'ended',
        });
      if (until <= from)
        throw new ValidationError('The new end date must be later than the current one.', {
          until: `later than ${from.toISOString()}`,
        });
      await repo.setHoldUntil(trx, id, until);
      await this.deps.audit?.record(
        {
          actor: holdActor(extendedBy),
          action: 'retention.hold_extend',
          subject: row.customer_id
            ? await this.deps.vault.pseudonym(trx, row.customer_id)
            : undefined,
          outcome: 'ok',
          detail: {
            hold: id,
            ...(row.order_id ? { order: row.order_id } : {}),
            from: from.toISOString(),
            until: until.toISOString(),
          },
        },
        trx,
      );
    });
    await this.deps.erasures?.announce();
    const all = await this.list({ all: true });
    return all.find((h) => h.id === id)!;
  }

  async list(options: { all?: boolean } = {}): Promise<HoldView[]> {
    const rows = await repo.listHolds(this.deps.database.db, this.#now(), options.all ?? false);
    const waiting = (await this.deps.erasures?.waitingOn()) ?? new Map<string, string[]>();
    return rows.map((r) => this.#view(r, waiting));
  }

  /** For each waiting erasure (request id): the end date its person was last told, and when. */
  async lastTold(): Promise<Map<string, { until: string; at: Date }>> {
    return (await this.deps.erasures?.lastTold?.()) ?? new Map();
  }

  /**
   * A hold's reason in clear, for a staff member who holds `retention.hold` and says why she needs
   * it (5–500 characters, as a customer reveal): audited as `retention.hold_reason`, `revealed`,
   * with her words sealed by the trail; the hold's reason itself never enters the entry.
   */
  async revealReason(id: string, by: AuditActor, why: string): Promise<string> {
    const because = why.trim();
    if (because.length < 5 || because.length > 500)
      throw new ValidationError('Say why you need to see this (5–500 characters).', {
        why: 'Say why you need to see this (5–500 characters).',
      });
    if (!UUID.test(id)) throw new NotFoundError('The hold');
    const { db } = this.deps.database;
    const row = await repo.findHold(db, id);
    if (!row) throw new NotFoundError('The hold');
    await this.deps.audit?.record({
      actor: by,
      action: 'retention.hold_reason',
      subject: row.customer_id ? await this.deps.vault.pseudonym(db, row.customer_id) : undefined,
      access: 'revealed',
      reason: because,
      outcome: 'ok',
      detail: { hold: id, ...(row.order_id ? { order: row.order_id } : {}) },
    });
    const v = await this.deps.vault.open(
      db,
      `hold:${id}`,
      'profile',
      row.reason_sealed,
      'hold_reason',
    );
    return isErased(v) ? '(erased)' : v;
  }

  async release(id: string, releasedBy: string): Promise<HoldView> {
    if (!UUID.test(id)) throw new NotFoundError('The hold');
    const now = this.#now();
    await this.deps.database.db.transaction().execute(async (trx) => {
      const held = await repo.lockHold(trx, id);
      if (!held) throw new NotFoundError('The hold');
      // A second release (a double click, a retry) says so, and changes nothing.
      if (held.released_at)
        throw new DomainError('conflict', 'This hold was already released.', {
          hold: 'already released',
        });
      await repo.releaseHold(trx, id, now);
      await this.deps.audit?.record(
        {
          actor: holdActor(releasedBy),
          action: 'retention.hold_release',
          outcome: 'ok',
          detail: { hold: id },
        },
        trx,
      );
    });
    // Art. 17(3)(e) no longer applies to what this hold kept: the waiting erasures go on now.
    await this.deps.erasures?.complete();
    // An erasure still waiting on other holds: its record names the holds left.
    await this.deps.erasures?.announce();
    const all = await this.list({ all: true });
    return all.find((h) => h.id === id)!;
  }

  #checkUntil(until: Date, now: Date): void {
    if (Number.isNaN(until.getTime()) || until <= now)
      throw new ValidationError('The end date must be in the future.', { until: 'in the past' });
    const latest = this.deps.manifest && latestHoldEnd(this.deps.manifest(), now);
    if (latest && until > latest)
      throw new ValidationError(
        `The end date must be no later than ${latest.toISOString().slice(0, 10)} (the longest retention period from today); extend the hold nearer the time.`,
        { until: 'too far' },
      );
  }

  #view(
    r: {
      id: string;
      customer_id: string | null;
      order_id: string | null;
      placed_by: string;
      placed_at: Date;
      until: Date;
      released_at: Date | null;
    },
    waiting: Map<string, string[]>,
  ): HoldView {
    const until = new Date(r.until);
    return {
      id: r.id,
      target: r.customer_id
        ? { kind: 'customer', id: r.customer_id }
        : { kind: 'order', id: r.order_id! },
      placedBy: r.placed_by,
      placedAt: new Date(r.placed_at),
      until,
      releasedAt: r.released_at && new Date(r.released_at),
      active: r.released_at === null && until > this.#now(),
      erasuresWaiting: waiting.get(r.id) ?? [],
    };
  }
}
