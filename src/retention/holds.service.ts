/**
 * Legal holds: staff keep a customer's or an order's data from every sweep, with a reason (sealed:
 * it may name people) and an end date; a hold past its end holds nothing. Placing and releasing
 * a hold is audited when an audit trail is given (src/core/audit-trail.ts).
 *
 * An erasure the customer asked for keeps what a hold covers (GDPR Art. 17(3)(e)) and waits
 * for it, fulfilled in part (src/rights/engine/held-erasures.ts): the list names the erasures
 * waiting on each hold, and releasing a hold completes those it was the last hold of (the daily
 * retention run does it for holds that simply expire, and for a release cut short by a crash).
 *
 * @example
 *   await holds.place({ customerId, reason: 'Chargeback dispute 2031-17', until, placedBy: 'cli' });
 */
import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Database } from '../kit/db/database.ts';
import { DomainError, ValidationError } from '../kit/errors.ts';
import { isErased, type Vault } from '../kit/vault/vault.ts';
import * as repo from './retention.repository.ts';

export interface HoldInput {
  customerId?: string | undefined;
  orderId?: string | undefined;
  reason: string;
  until: Date;
  /** Who placed it: a staff id, or `cli` until staff accounts exist. */
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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class HoldService {
  readonly #now: () => Date;

  constructor(
    private readonly deps: {
      database: Database;
      vault: Vault;
      audit?: AuditTrail | undefined;
      erasures?: WaitingErasures | undefined;
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
      throw new ValidationError('The reason must be 3 to 2000 characters.');
    if (Number.isNaN(input.until.getTime()) || input.until <= now)
      throw new ValidationError('The end date must be in the future.');
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
          actor: { kind: 'system', id: `retention:${input.placedBy}` },
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
    return this.#view(
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
  }

  async list(options: { all?: boolean } = {}): Promise<HoldView[]> {
    const rows = await repo.listHolds(this.deps.database.db, this.#now(), options.all ?? false);
    const waiting = (await this.deps.erasures?.waitingOn()) ?? new Map<string, string[]>();
    return rows.map((r) => this.#view(r, waiting));
  }

  /** The reason in clear, for staff who hold the permission (the CLI until the console exists). */
  async reasonOf(id: string): Promise<string> {
    const rows = await repo.listHolds(this.deps.database.db, this.#now(), true);
    const row = rows.find((r) => r.id === id);
    if (!row) throw new DomainError('not_found', 'No such hold.');
    const v = await this.deps.vault.open(
      this.deps.database.db,
      `hold:${id}`,
      'profile',
      row.reason_sealed,
      'hold_reason',
    );
    return isErased(v) ? '(erased)' : v;
  }

  async release(id: string, releasedBy: string): Promise<HoldView> {
    if (!UUID.test(id)) throw new DomainError('not_found', 'No such hold.');
    const now = this.#now();
    const released = await this.deps.database.db.transaction().execute(async (trx) => {
      const row = await repo.releaseHold(trx, id, now);
      if (!row) return undefined;
      await this.deps.audit?.record(
        {
          actor: { kind: 'system', id: `retention:${releasedBy}` },
          action: 'retention.hold_release',
          outcome: 'ok',
          detail: { hold: id },
        },
        trx,
      );
      return row;
    });
    if (!released) throw new DomainError('not_found', 'No such hold, or it was already released.');
    // Art. 17(3)(e) no longer applies to what this hold kept: the waiting erasures go on now.
    await this.deps.erasures?.complete();
    const all = await this.list({ all: true });
    return all.find((h) => h.id === id)!;
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
